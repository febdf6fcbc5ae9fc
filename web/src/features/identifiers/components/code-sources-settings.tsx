'use client';

import { useState, type FormEvent } from 'react';

import { Button } from '@/components/ui/button';

import {
  useCodeSources,
  useRegisterIsrcPrefix,
  useRegisterUpcRange,
  type CodeSource,
} from '../api/code-sources';
import {
  CompanyPrefixSchema,
  ExplicitRangeSchema,
  IsrcPrefixSchema,
} from '../lib/code-source-rules';
import { serverFieldErrors, zodFieldErrors, type FieldErrors } from '../lib/form-errors';
import { FieldInput } from './field-input';

/** Partner settings: the ISRC prefixes and UPC/EAN ranges new codes are assigned from. */
export function CodeSourcesSettings() {
  const sources = useCodeSources();
  return (
    <section aria-labelledby="code-sources-heading" className="flex flex-col gap-4">
      <h2 id="code-sources-heading" className="text-lg font-semibold">
        ISRC prefixes and UPC/EAN ranges
      </h2>
      {sources.isError ? <p role="alert">The code sources could not be loaded.</p> : null}
      <CodeSourceTable items={sources.data?.items ?? []} />
      <IsrcPrefixForm />
      <UpcRangeForm />
    </section>
  );
}

function CodeSourceTable({ items }: { items: readonly CodeSource[] }) {
  if (items.length === 0) return <p className="text-sm text-slate-600">None registered yet.</p>;
  return (
    <table className="w-full table-fixed text-left text-sm">
      <caption className="sr-only">Registered code sources</caption>
      <thead>
        <tr>
          <th scope="col">Source</th>
          <th scope="col">Used</th>
          <th scope="col">Label</th>
          <th scope="col">Registered</th>
        </tr>
      </thead>
      <tbody>
        {items.map((source) => (
          <tr key={source.id}>
            <td className="break-all">{source.display}</td>
            <td>
              {source.kind === 'isrc'
                ? `${source.used} codes (99,999 a year)`
                : `${source.used} of ${source.size ?? '?'}`}
            </td>
            <td>{source.label ?? ''}</td>
            <td>{source.created_at.slice(0, 10)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function IsrcPrefixForm() {
  const [country, setCountry] = useState('');
  const [registrant, setRegistrant] = useState('');
  const [label, setLabel] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const register = useRegisterIsrcPrefix();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = IsrcPrefixSchema.safeParse({
      country_code: country,
      registrant_code: registrant,
      label: label || undefined,
    });
    if (!parsed.success) return setErrors(zodFieldErrors(parsed.error));
    try {
      await register.mutateAsync(parsed.data);
      setCountry('');
      setRegistrant('');
      setLabel('');
      setErrors({});
    } catch (failure) {
      setErrors(serverFieldErrors(failure, ['country_code', 'registrant_code', 'label']));
    }
  }

  return (
    <form
      onSubmit={submit}
      aria-label="Register an ISRC prefix"
      className="flex flex-wrap items-start gap-3"
    >
      <FieldInput
        id="isrc-country"
        label="Country code"
        value={country}
        error={errors.country_code}
        onChange={setCountry}
        width="w-20"
      />
      <FieldInput
        id="isrc-registrant"
        label="Registrant code"
        value={registrant}
        error={errors.registrant_code}
        onChange={setRegistrant}
        width="w-24"
      />
      <FieldInput
        id="isrc-label"
        label="Note (optional)"
        value={label}
        error={errors.label}
        onChange={setLabel}
      />
      <Button type="submit" variant="primary" disabled={register.isPending} className="self-end">
        Register ISRC prefix
      </Button>
      {errors.form ? (
        <p role="alert" className="w-full text-xs text-red-800">
          {errors.form}
        </p>
      ) : null}
    </form>
  );
}

function UpcRangeForm() {
  const [form, setForm] = useState<'prefix' | 'range'>('prefix');
  const [prefix, setPrefix] = useState('');
  const [length, setLength] = useState<12 | 13>(13);
  const [first, setFirst] = useState('');
  const [last, setLast] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const register = useRegisterUpcRange();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const parsed =
      form === 'prefix'
        ? CompanyPrefixSchema.safeParse({ company_prefix: prefix, length })
        : ExplicitRangeSchema.safeParse({ first, last });
    if (!parsed.success) return setErrors(zodFieldErrors(parsed.error));
    try {
      await register.mutateAsync(parsed.data);
      setPrefix('');
      setFirst('');
      setLast('');
      setErrors({});
    } catch (failure) {
      setErrors(serverFieldErrors(failure, ['company_prefix', 'length', 'first', 'last']));
    }
  }

  return (
    <form
      onSubmit={submit}
      aria-label="Register a UPC/EAN range"
      className="flex flex-wrap items-start gap-3"
    >
      <fieldset className="flex flex-col gap-1 text-xs text-slate-600">
        <legend className="font-medium">UPC/EAN range given as</legend>
        <label>
          <input
            type="radio"
            name="upc-form"
            checked={form === 'prefix'}
            onChange={() => setForm('prefix')}
          />{' '}
          a GS1 company prefix
        </label>
        <label>
          <input
            type="radio"
            name="upc-form"
            checked={form === 'range'}
            onChange={() => setForm('range')}
          />{' '}
          first and last code
        </label>
      </fieldset>
      {form === 'prefix' ? (
        <>
          <FieldInput
            id="upc-company-prefix"
            label="GS1 company prefix"
            value={prefix}
            error={errors.company_prefix}
            onChange={setPrefix}
          />
          <div className="flex flex-col text-xs font-medium text-slate-600">
            <label htmlFor="upc-length">Codes</label>
            <select
              id="upc-length"
              value={length}
              onChange={(event) => setLength(event.target.value === '12' ? 12 : 13)}
              className="rounded border border-slate-300 px-2 py-1 text-sm"
            >
              <option value="13">EAN-13</option>
              <option value="12">UPC-A (12 digits)</option>
            </select>
          </div>
        </>
      ) : (
        <>
          <FieldInput
            id="upc-first"
            label="First code"
            value={first}
            error={errors.first}
            onChange={setFirst}
          />
          <FieldInput
            id="upc-last"
            label="Last code"
            value={last}
            error={errors.last}
            onChange={setLast}
          />
        </>
      )}
      <Button type="submit" variant="primary" disabled={register.isPending} className="self-end">
        Register UPC/EAN range
      </Button>
      {errors.form ? (
        <p role="alert" className="w-full text-xs text-red-800">
          {errors.form}
        </p>
      ) : null}
    </form>
  );
}

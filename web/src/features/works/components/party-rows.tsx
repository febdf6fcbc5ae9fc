'use client';

import { Button } from '@/components/ui/button';

import { RIGHTS, type FormErrors, type PartyRow } from '../lib/work-form';
import type { RoleChoice } from '../lib/work-roles';

type Props = {
  group: 'writers' | 'publishers';
  noun: string; // "writer" / "publisher"
  rows: PartyRow[];
  roles: readonly RoleChoice[];
  errors: FormErrors;
  onChange: (index: number, patch: Partial<PartyRow>) => void;
  onRemove: (index: number) => void;
  /** writers: the publishers a writer may be represented by */
  publishers?: PartyRow[];
};

const INPUT =
  'w-full rounded border border-slate-300 px-1 py-0.5 aria-[invalid=true]:border-red-600';

/** One cell's input with its error beside it (described by, so a screen reader says it too). */
function Cell(props: {
  id: string;
  label: string;
  value: string;
  error?: string;
  narrow?: boolean;
  onChange: (value: string) => void;
}) {
  return (
    <td className="pr-1 align-top">
      <input
        aria-label={props.label}
        value={props.value}
        inputMode={props.narrow ? 'decimal' : undefined}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? `${props.id}-error` : undefined}
        onChange={(event) => props.onChange(event.target.value)}
        className={`${INPUT} ${props.narrow ? 'w-16 text-right' : ''}`}
      />
      {props.error ? (
        <p id={`${props.id}-error`} className="text-xs text-red-800">
          {props.error}
        </p>
      ) : null}
    </td>
  );
}

/** The writers' or publishers' table: name, IPI, role in words, and each right's share. */
export function PartyRows(props: Props) {
  const { group, noun, rows, roles, errors } = props;
  return (
    <table className="w-full text-sm">
      <thead>
        <tr className="text-left text-xs text-slate-500 uppercase">
          <th scope="col">Name</th>
          <th scope="col">IPI name number</th>
          <th scope="col">Role</th>
          {RIGHTS.map(({ right, words }) => (
            <th key={right} scope="col">
              {words} %
            </th>
          ))}
          {props.publishers ? <th scope="col">Publisher</th> : null}
          <th scope="col">
            <span className="sr-only">Remove</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row, index) => {
          const at = `${group}[${index}]`;
          const n = index + 1;
          const id = `${group}-${row.key}`;
          const nameError = errors[`${at}.name`] ?? errors[`${at}.party_id`];
          return (
            <tr key={row.key}>
              <Cell
                id={`${id}-name`}
                label={`Name of ${noun} ${n}`}
                value={row.name}
                error={nameError}
                onChange={(name) => props.onChange(index, { name })}
              />
              <Cell
                id={`${id}-ipi`}
                label={`IPI name number of ${noun} ${n}`}
                value={row.ipi}
                error={errors[`${at}.ipi_name_number`]}
                onChange={(ipi) => props.onChange(index, { ipi })}
              />
              <td className="pr-1 align-top">
                <select
                  aria-label={`Role of ${noun} ${n}`}
                  value={row.role}
                  aria-invalid={errors[`${at}.role`] ? true : undefined}
                  onChange={(event) => props.onChange(index, { role: event.target.value })}
                  className={INPUT}
                >
                  {roles.map((role) => (
                    <option key={role.code} value={role.code}>
                      {role.words}
                    </option>
                  ))}
                </select>
                {errors[`${at}.role`] ? (
                  <p className="text-xs text-red-800">{errors[`${at}.role`]}</p>
                ) : null}
              </td>
              {RIGHTS.map(({ right, words }) => (
                <Cell
                  key={right}
                  id={`${id}-${right}`}
                  label={`${words} share of ${noun} ${n}`}
                  value={row[right]}
                  narrow
                  error={errors[`${at}.${right}_share`]}
                  onChange={(value) => props.onChange(index, { [right]: value })}
                />
              ))}
              {props.publishers ? (
                <td className="pr-1 align-top">
                  <select
                    aria-label={`Publisher of ${noun} ${n}`}
                    value={row.publisher_key}
                    onChange={(event) =>
                      props.onChange(index, { publisher_key: event.target.value })
                    }
                    className={INPUT}
                  >
                    <option value="">none</option>
                    {props.publishers.map((publisher, p) => (
                      <option key={publisher.key} value={publisher.key}>
                        {publisher.name || `publisher ${p + 1}`}
                      </option>
                    ))}
                  </select>
                  {errors[`${at}.publisher_party_id`] ? (
                    <p className="text-xs text-red-800">{errors[`${at}.publisher_party_id`]}</p>
                  ) : null}
                </td>
              ) : null}
              <td className="align-top">
                <Button
                  size="sm"
                  variant="ghost"
                  aria-label={`Remove ${noun} ${n}`}
                  onClick={() => props.onRemove(index)}
                >
                  ×
                </Button>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

'use client';

import { useEffect, useState, type FormEvent } from 'react';

import { Button } from '@/components/ui/button';
import { ApiError, errorText } from '@/lib/problem';

import { useDdexParties, useSetDdexParties, type DdexParties } from '../api/ddex-parties';

// DDEX Party Identifier: PADPIDA + 10 alphanumerics + a MOD 37-36 check character; the server
// checks that character and names the field when it is wrong.
const DPID = /^PADPIDA[0-9A-Z]{11}$/;
const DPID_HINT = 'a DPID is PADPIDA and 11 letters or digits, e.g. PADPIDA2009101501Y';

type StoreRow = { key: number; name: string; dpid: string; isDefault: boolean };
type Errors = Record<string, string>;

let nextKey = 0;
const row = (name = '', dpid = '', isDefault = false): StoreRow => ({
  key: nextKey++,
  name,
  dpid,
  isDefault,
});

const compactDpid = (text: string) => text.replace(/[\s-]/g, '').toUpperCase();

/** What is wrong before anything is sent: each problem keyed by the field the server would name. */
function problemsOf(sender: string, stores: readonly StoreRow[]): Errors {
  const errors: Errors = {};
  if (sender.trim() && !DPID.test(compactDpid(sender))) errors.sender_dpid = DPID_HINT;
  stores.forEach((store, index) => {
    if (!store.name.trim()) errors[`stores[${index}].name`] = 'give the store a name';
    if (!DPID.test(compactDpid(store.dpid))) errors[`stores[${index}].dpid`] = DPID_HINT;
  });
  return errors;
}

/** Partner settings: the DDEX sender (this label) and the stores it delivers to, each with its
 * DPID; the default store receives deliveries that name none. */
export function DdexPartiesSettings() {
  const saved = useDdexParties();
  return (
    <section
      id="ddex-parties"
      aria-labelledby="ddex-parties-heading"
      className="flex flex-col gap-4"
    >
      <h2 id="ddex-parties-heading" className="text-lg font-semibold">
        DDEX parties
      </h2>
      <p className="text-sm text-slate-600">
        The sender and recipient of every ERN message and delivery package. These come before the
        server&apos;s DDEX_* settings.
      </p>
      {saved.isError ? <p role="alert">The DDEX parties could not be loaded.</p> : null}
      {saved.data ? <DdexPartiesForm saved={saved.data} /> : null}
    </section>
  );
}

function DdexPartiesForm({ saved }: { saved: DdexParties }) {
  const [sender, setSender] = useState(saved.sender_dpid ?? '');
  const [senderName, setSenderName] = useState(saved.sender_name ?? '');
  const [stores, setStores] = useState<StoreRow[]>(() =>
    saved.stores.map((store) => row(store.name, store.dpid, store.is_default)),
  );
  const [errors, setErrors] = useState<Errors>({});
  const [done, setDone] = useState(false);
  const save = useSetDdexParties();
  useEffect(() => setDone(false), [sender, senderName, stores]);

  const update = (key: number, change: Partial<StoreRow>) =>
    setStores((rows) =>
      rows.map((store) =>
        store.key === key
          ? { ...store, ...change }
          : change.isDefault
            ? { ...store, isDefault: false }
            : store,
      ),
    );

  async function submit(event: FormEvent) {
    event.preventDefault();
    const problems = problemsOf(sender, stores);
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    try {
      await save.mutateAsync({
        sender_dpid: sender.trim() ? compactDpid(sender) : null,
        sender_name: senderName.trim() || null,
        stores: stores.map((store) => ({
          name: store.name.trim(),
          dpid: compactDpid(store.dpid),
          is_default: store.isDefault,
        })),
      });
      setDone(true);
    } catch (failure) {
      setErrors(
        failure instanceof ApiError && failure.field
          ? { [failure.field]: failure.detail }
          : { form: errorText(failure) },
      );
    }
  }

  return (
    <form onSubmit={submit} aria-label="DDEX parties" className="flex flex-col gap-3">
      <div className="flex flex-wrap gap-3">
        <Field
          id="ddex-sender-dpid"
          label="Sender DPID"
          value={sender}
          onChange={setSender}
          error={errors.sender_dpid}
        />
        <Field
          id="ddex-sender-name"
          label="Sender name"
          value={senderName}
          onChange={setSenderName}
          error={errors.sender_name}
        />
      </div>
      <fieldset className="flex flex-col gap-2">
        <legend className="text-sm font-medium text-slate-700">Stores</legend>
        {stores.length === 0 ? <p className="text-sm text-slate-600">No stores yet.</p> : null}
        {stores.map((store, index) => (
          <div
            key={store.key}
            role="group"
            aria-label={`Store ${index + 1}`}
            className="flex flex-wrap items-end gap-3"
          >
            <Field
              id={`ddex-store-${store.key}-name`}
              label="Store name"
              value={store.name}
              onChange={(name) => update(store.key, { name })}
              error={errors[`stores[${index}].name`]}
            />
            <Field
              id={`ddex-store-${store.key}-dpid`}
              label="Store DPID"
              value={store.dpid}
              onChange={(dpid) => update(store.key, { dpid })}
              error={errors[`stores[${index}].dpid`]}
            />
            <label className="flex items-center gap-1 text-sm">
              <input
                type="radio"
                name="ddex-default-store"
                checked={store.isDefault}
                onChange={() => update(store.key, { isDefault: true })}
              />
              Default store
            </label>
            <Button
              size="sm"
              variant="ghost"
              onClick={() => setStores((rows) => rows.filter((other) => other.key !== store.key))}
            >
              Remove
            </Button>
          </div>
        ))}
        <Button
          size="sm"
          className="self-start"
          onClick={() => setStores((rows) => [...rows, row('', '', rows.length === 0)])}
        >
          Add a store
        </Button>
      </fieldset>
      {errors.stores ? (
        <p role="alert" className="text-xs text-red-800">
          {errors.stores}
        </p>
      ) : null}
      {errors.form ? (
        <p role="alert" className="text-xs text-red-800">
          {errors.form}
        </p>
      ) : null}
      <Button type="submit" variant="primary" disabled={save.isPending} className="self-start">
        Save DDEX parties
      </Button>
      {done ? (
        <p role="status" className="text-sm text-green-800">
          Saved.
        </p>
      ) : null}
    </form>
  );
}

type FieldProps = {
  id: string;
  label: string;
  value: string;
  error?: string | undefined;
  onChange: (value: string) => void;
};

function Field({ id, label, value, error, onChange }: FieldProps) {
  return (
    <div className="flex flex-col text-xs font-medium text-slate-600">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(event) => onChange(event.target.value)}
        className="w-56 rounded border border-slate-300 px-2 py-1 text-sm aria-[invalid=true]:border-red-600"
      />
      {error ? (
        <p role="alert" id={`${id}-error`} className="max-w-xs text-xs text-red-800">
          {error}
        </p>
      ) : null}
    </div>
  );
}

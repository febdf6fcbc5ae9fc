'use client';

import { useState, type FormEvent } from 'react';

import { Button } from '@/components/ui/button';
import { ProgressBar } from '@/components/ui/progress-bar';
import { isEditable, parseFieldText } from '@/lib/field-rules';
import { notify } from '@/lib/notifications';

import {
  acceptEstimatesOf,
  bulkUpdateTracks,
  undoChangeSet,
  useBulkMutation,
  useChangeSet,
  type ChangeSet,
} from '../api/bulk-update';
import {
  findAndReplace,
  scaleBpm,
  setField,
  SETTABLE_FIELDS,
  TEXT_FIELDS,
  type BulkItem,
  type BulkTarget,
  type SettableField,
  type TextField,
} from '../lib/bulk-operations';

type BulkEditPanelProps = { targets: readonly BulkTarget[]; onClearSelection: () => void };

type Done = { changeSet: ChangeSet; summary: string };

/** Bulk edit of the selected tracks; every change is one change set with one Undo. */
export function BulkEditPanel({ targets, onClearSelection }: BulkEditPanelProps) {
  const [done, setDone] = useState<Done | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const apply = useBulkMutation((items: BulkItem[]) => bulkUpdateTracks(items));
  const accept = useBulkMutation((ids: string[]) => acceptEstimatesOf(ids));
  const undo = useBulkMutation((id: string) => undoChangeSet(id));
  const progress = useChangeSet(done?.changeSet.id ?? null, done?.changeSet ?? null);
  const busy = apply.isPending || accept.isPending || undo.isPending;
  const count = targets.length;

  async function run(items: BulkItem[], summary: string) {
    setFormError(null);
    if (items.length === 0) {
      setFormError('Nothing would change in the selected tracks.');
      return;
    }
    const changeSet = await apply.mutateAsync(items).catch(() => null);
    if (changeSet) announce(changeSet, summary);
  }

  function announce(changeSet: ChangeSet, summary: string) {
    setDone({ changeSet, summary });
    notify({
      kind: 'success',
      title: summary,
      message: 'Undo brings every changed track back as it was.',
      action: { label: 'Undo', run: () => void revert(changeSet) },
    });
  }

  async function revert(changeSet: ChangeSet) {
    const result = await undo.mutateAsync(changeSet.id).catch(() => null);
    if (result) {
      setDone(null);
      notify({ kind: 'info', title: 'Bulk change undone' });
    }
  }

  if (count === 0) {
    return (
      <p className="text-sm text-slate-500">
        Select tracks (click the boxes, Space, Shift+arrows or Ctrl+A in the grid) to edit many at
        once.
      </p>
    );
  }

  const status = progress.data?.status ?? done?.changeSet.status;
  return (
    <section
      aria-labelledby="bulk-heading"
      className="flex flex-col gap-3 rounded border border-indigo-200 bg-indigo-50/50 p-3"
    >
      <div className="flex flex-wrap items-center gap-2">
        <h2 id="bulk-heading" className="font-semibold">
          Bulk edit {count.toLocaleString('en')} {count === 1 ? 'track' : 'tracks'}
        </h2>
        <Button size="sm" variant="ghost" onClick={onClearSelection}>
          Clear selection
        </Button>
      </div>
      <div className="grid gap-3 lg:grid-cols-2">
        <SetFieldForm
          busy={busy}
          onSubmit={(field, value) =>
            run(
              setField(targets, field, value),
              `Set ${SETTABLE_FIELDS[field].toLowerCase()} of ${count} tracks`,
            )
          }
          onError={setFormError}
        />
        <FindReplaceForm
          busy={busy}
          onSubmit={(field, find, replace, caseSensitive) =>
            run(
              findAndReplace(targets, field, find, replace, { caseSensitive }),
              `Replaced “${find}” in ${TEXT_FIELDS[field].toLowerCase()}`,
            )
          }
        />
      </div>
      <div className="flex flex-wrap gap-2">
        <Button
          disabled={busy}
          onClick={async () => {
            setFormError(null);
            const changeSet = await accept.mutateAsync(targets.map((t) => t.id)).catch(() => null);
            if (changeSet) announce(changeSet, `Accepted AI suggestions for ${count} tracks`);
          }}
        >
          Accept AI suggestions
        </Button>
        {(['halve', 'double'] as const).map((scale) => (
          <Button
            key={scale}
            disabled={busy}
            onClick={() => {
              const { items, skipped } = scaleBpm(targets, scale);
              void run(
                items,
                `${scale === 'halve' ? 'Halved' : 'Doubled'} BPM of ${items.length} tracks${skipped ? ` (${skipped} skipped)` : ''}`,
              );
            }}
          >
            {scale === 'halve' ? 'Halve BPM' : 'Double BPM'}
          </Button>
        ))}
      </div>
      {formError && (
        <p role="alert" className="text-sm text-red-800">
          {formError}
        </p>
      )}
      {done && (
        <div role="status" className="flex flex-wrap items-center gap-2 text-sm">
          <span>
            {done.summary}
            {status === 'failed' ? ` — failed: ${progress.data?.error ?? ''}` : ''}
          </span>
          {(status === 'pending' || status === 'running') && (
            <ProgressBar
              label="Bulk change progress"
              value={progress.data?.total ? (progress.data.done ?? 0) / progress.data.total : null}
            />
          )}
          <Button
            size="sm"
            variant="secondary"
            disabled={busy}
            onClick={() => void revert(done.changeSet)}
          >
            Undo bulk change
          </Button>
        </div>
      )}
    </section>
  );
}

function SetFieldForm({
  busy,
  onSubmit,
  onError,
}: {
  busy: boolean;
  onSubmit: (field: SettableField, value: unknown) => void;
  onError: (message: string | null) => void;
}) {
  const [field, setFieldName] = useState<SettableField>('genre');
  const [text, setText] = useState('');

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!isEditable(field)) return;
    const parsed = parseFieldText(field, text);
    if (!parsed.ok) {
      onError(parsed.error);
      return;
    }
    onSubmit(field, parsed.value);
  }

  return (
    <form onSubmit={submit} aria-label="Set a field" className="flex flex-wrap items-end gap-2">
      <label className="flex flex-col text-xs font-medium text-slate-600">
        Field
        <select
          value={field}
          onChange={(event) => setFieldName(event.target.value as SettableField)}
          className="mt-1 rounded border border-slate-300 px-2 py-1 text-sm"
        >
          {Object.entries(SETTABLE_FIELDS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col text-xs font-medium text-slate-600">
        New value
        <input
          value={text}
          onChange={(event) => setText(event.target.value)}
          className="mt-1 w-44 rounded border border-slate-300 px-2 py-1 text-sm"
        />
      </label>
      <Button type="submit" variant="primary" disabled={busy}>
        Set for all
      </Button>
    </form>
  );
}

function FindReplaceForm({
  busy,
  onSubmit,
}: {
  busy: boolean;
  onSubmit: (field: TextField, find: string, replace: string, caseSensitive: boolean) => void;
}) {
  const [field, setFieldName] = useState<TextField>('title');
  const [find, setFind] = useState('');
  const [replace, setReplace] = useState('');
  const [caseSensitive, setCaseSensitive] = useState(false);
  return (
    <form
      aria-label="Find and replace"
      className="flex flex-wrap items-end gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit(field, find, replace, caseSensitive);
      }}
    >
      <label className="flex flex-col text-xs font-medium text-slate-600">
        In
        <select
          value={field}
          onChange={(event) => setFieldName(event.target.value as TextField)}
          className="mt-1 rounded border border-slate-300 px-2 py-1 text-sm"
        >
          {Object.entries(TEXT_FIELDS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col text-xs font-medium text-slate-600">
        Find
        <input
          required
          value={find}
          onChange={(event) => setFind(event.target.value)}
          className="mt-1 w-32 rounded border border-slate-300 px-2 py-1 text-sm"
        />
      </label>
      <label className="flex flex-col text-xs font-medium text-slate-600">
        Replace with
        <input
          value={replace}
          onChange={(event) => setReplace(event.target.value)}
          className="mt-1 w-32 rounded border border-slate-300 px-2 py-1 text-sm"
        />
      </label>
      <label className="flex items-center gap-1 pb-1 text-xs text-slate-600">
        <input
          type="checkbox"
          checked={caseSensitive}
          onChange={(event) => setCaseSensitive(event.target.checked)}
        />
        Match case
      </label>
      <Button type="submit" disabled={busy || !find}>
        Replace
      </Button>
    </form>
  );
}

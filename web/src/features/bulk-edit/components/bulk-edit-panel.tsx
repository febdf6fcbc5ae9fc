'use client';

import { useState, type FormEvent } from 'react';

import { Button } from '@/components/ui/button';
import { ProgressBar } from '@/components/ui/progress-bar';
import { isEditable, parseFieldText } from '@/lib/field-rules';
import { notify } from '@/lib/notifications';

import {
  bulkEditTracks,
  undoChangeSet,
  useBulkMutation,
  useChangeSet,
  type BulkEdit,
  type ChangeSet,
} from '../api/bulk-update';
import {
  findAndReplace,
  scaleBpm,
  setField,
  SETTABLE_FIELDS,
  TEXT_FIELDS,
  type BulkTarget,
  type SettableField,
  type TextField,
} from '../lib/bulk-operations';

/** Fields whose AI estimates "Accept AI suggestions" takes. */
const AI_FIELDS = ['genre', 'sub_genre', 'moods', 'bpm', 'key'] as const;

type BulkEditPanelProps = { targets: readonly BulkTarget[]; onClearSelection: () => void };

type Done = { changeSet: ChangeSet; summary: string };

/** Bulk edit of the selected tracks; every change is one change set with one Undo. */
export function BulkEditPanel({ targets, onClearSelection }: BulkEditPanelProps) {
  const ids = targets.map((target) => target.id);
  const [done, setDone] = useState<Done | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const apply = useBulkMutation((edit: BulkEdit) => bulkEditTracks(ids, edit));
  const undo = useBulkMutation((id: string) => undoChangeSet(id));
  const progress = useChangeSet(done?.changeSet.id ?? null, done?.changeSet ?? null);
  const busy = apply.isPending || undo.isPending;
  const count = targets.length;

  /** Send one bulk edit; ``changes`` is how many loaded tracks it would change (0: say so). */
  async function run(edit: BulkEdit, changes: number, summary: string) {
    setFormError(null);
    if (changes === 0) {
      setFormError('Nothing would change in the selected tracks.');
      return;
    }
    const changeSet = await apply.mutateAsync(edit).catch(() => null);
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
          onSubmit={(field, value) => {
            const changes = setField(targets, field, value).length;
            void run(
              { set: { [field]: value } },
              changes,
              `Set ${SETTABLE_FIELDS[field].toLowerCase()} of ${changes} tracks`,
            );
          }}
          onError={setFormError}
        />
        <FindReplaceForm
          busy={busy}
          onSubmit={(field, find, replace) => {
            const changes = findAndReplace(targets, field, find, replace, {
              caseSensitive: true,
            }).length;
            void run(
              { find_replace: [{ field, find, replace }] },
              changes,
              `Replaced “${find}” in the ${TEXT_FIELDS[field].toLowerCase()} of ${changes} tracks`,
            );
          }}
        />
      </div>
      <div className="flex flex-wrap gap-2">
        <Button
          disabled={busy}
          onClick={() =>
            void run(
              { accept_estimates: [...AI_FIELDS] },
              count,
              `Accepted AI suggestions for ${count} tracks`,
            )
          }
        >
          Accept AI suggestions
        </Button>
        {(['halve', 'double'] as const).map((scale) => (
          <Button
            key={scale}
            disabled={busy}
            onClick={() => {
              const { items, skipped } = scaleBpm(targets, scale);
              const verb = scale === 'halve' ? 'Halved' : 'Doubled';
              void run(
                { scale_bpm: scale },
                items.length,
                `${verb} BPM of ${items.length} tracks${skipped ? ` (${skipped} without a tempo in range kept theirs)` : ''}`,
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
          aria-label="Field"
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
  onSubmit: (field: TextField, find: string, replace: string) => void;
}) {
  const [field, setFieldName] = useState<TextField>('title');
  const [find, setFind] = useState('');
  const [replace, setReplace] = useState('');
  return (
    <form
      aria-label="Find and replace"
      className="flex flex-wrap items-end gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit(field, find, replace);
      }}
    >
      <label className="flex flex-col text-xs font-medium text-slate-600">
        In
        <select
          aria-label="In"
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
      <Button type="submit" disabled={busy || !find}>
        Replace
      </Button>
    </form>
  );
}

'use client';

import Link from 'next/link';
import { useState, type FormEvent } from 'react';

import { Button } from '@/components/ui/button';

import { useAssignCodes, type Assignment, type CodeKind } from '../api/assign-codes';
import { useCodeSources } from '../api/code-sources';
import { serverFieldErrors, type FieldErrors } from '../lib/form-errors';

const WORDS = {
  isrc: { code: 'ISRC', codes: 'ISRCs', subject: 'track', source: 'ISRC prefix' },
  upc: { code: 'UPC', codes: 'UPCs', subject: 'release', source: 'UPC/EAN range' },
} as const;

type Props = {
  kind: CodeKind;
  /** the selected tracks (ISRC) or releases (UPC), in the order they get codes */
  subjectIds: readonly string[];
};

function plural(count: number, word: string) {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** What an assignment did, in words. */
export function assignmentSummary(kind: CodeKind, assignment: Assignment): string {
  const words = WORDS[kind];
  const done = assignment.assigned.map((code) => code.code).join(', ');
  const parts = [
    assignment.assigned.length
      ? `Assigned ${plural(assignment.assigned.length, words.code)}: ${done}.`
      : `No ${words.code} assigned.`,
  ];
  if (assignment.kept.length)
    parts.push(
      `${plural(assignment.kept.length, words.subject)} kept the ${words.code} it had (tick "Replace" to change it).`,
    );
  return parts.join(' ');
}

/** "Assign ISRCs" / "Assign UPC" for the selected rows: the next free codes of a chosen source. */
export function AssignCodes({ kind, subjectIds }: Props) {
  const words = WORDS[kind];
  const [open, setOpen] = useState(false);
  const [sourceId, setSourceId] = useState('');
  const [overwrite, setOverwrite] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [summary, setSummary] = useState('');
  const sources = useCodeSources();
  const assign = useAssignCodes();
  const choices = (sources.data?.items ?? []).filter((source) => source.kind === kind);
  const chosen = sourceId || choices[0]?.id || '';

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!chosen) return setErrors({ source_id: `choose a ${words.source}` });
    try {
      const done = await assign.mutateAsync({ kind, sourceId: chosen, subjectIds, overwrite });
      setErrors({});
      setSummary(assignmentSummary(kind, done));
      setOpen(false);
    } catch (failure) {
      setErrors(serverFieldErrors(failure, ['source_id']));
    }
  }

  if (subjectIds.length === 0) return null;
  const name =
    subjectIds.length === 1
      ? `Assign ${words.code}`
      : `Assign ${words.codes} to ${plural(subjectIds.length, `selected ${words.subject}`)}`;
  if (!open)
    return (
      <div className="flex flex-wrap items-center gap-2">
        <Button onClick={() => setOpen(true)}>{name}</Button>
        {summary ? (
          <p role="status" className="text-sm text-slate-700">
            {summary}
          </p>
        ) : null}
      </div>
    );
  return (
    <form
      onSubmit={submit}
      aria-label={name}
      className="flex flex-wrap items-start gap-3 rounded border border-slate-200 bg-white p-3"
    >
      {choices.length === 0 && sources.isSuccess ? (
        <p role="alert" className="text-sm text-slate-700">
          No {words.source} registered yet: add one in <Link href="/settings/">Settings</Link>.
        </p>
      ) : (
        <div className="flex flex-col text-xs font-medium text-slate-600">
          <label htmlFor={`assign-${kind}-source`}>{words.source}</label>
          <select
            id={`assign-${kind}-source`}
            value={chosen}
            aria-invalid={errors.source_id ? true : undefined}
            aria-describedby={errors.source_id ? `assign-${kind}-source-error` : undefined}
            onChange={(event) => {
              setSourceId(event.target.value);
              setErrors({});
            }}
            className="rounded border border-slate-300 px-2 py-1 text-sm aria-[invalid=true]:border-red-600"
          >
            {choices.map((source) => (
              <option key={source.id} value={source.id}>
                {source.display}
                {source.label ? ` (${source.label})` : ''}
              </option>
            ))}
          </select>
          {errors.source_id ? (
            <p
              role="alert"
              id={`assign-${kind}-source-error`}
              className="max-w-sm text-xs text-red-800"
            >
              {errors.source_id}
            </p>
          ) : null}
        </div>
      )}
      <label className="flex items-center gap-1 self-end text-sm">
        <input
          type="checkbox"
          checked={overwrite}
          onChange={(event) => setOverwrite(event.target.checked)}
        />
        Replace {words.codes} they already have
      </label>
      <div className="flex gap-2 self-end">
        <Button type="submit" variant="primary" disabled={assign.isPending || choices.length === 0}>
          Assign
        </Button>
        <Button onClick={() => setOpen(false)}>Cancel</Button>
      </div>
      {errors.form ? (
        <p role="alert" className="w-full text-xs text-red-800">
          {errors.form}
        </p>
      ) : null}
    </form>
  );
}

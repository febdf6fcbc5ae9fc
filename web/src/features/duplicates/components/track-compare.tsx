'use client';

import Link from 'next/link';
import { useState } from 'react';

import { Button } from '@/components/ui/button';
import { FIELD_LABELS, type EditableField } from '@/lib/field-rules';
import { errorText } from '@/lib/problem';

import {
  useMergeTracks,
  useTrackComparison,
  type FieldComparison,
  type Side,
} from '../api/track-merge';

const LABELS: Record<string, string> = {
  contributors: 'Credits',
  p_line: 'P-line',
  release_id: 'Release',
  work_id: 'Work',
};

const labelOf = (field: string) =>
  LABELS[field] ?? FIELD_LABELS[field as EditableField] ?? field.replace(/_/g, ' ');

/** A value as people read it: credits as "Nina Sky (MainArtist)", a P-line as "2024 Label". */
export function valueText(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.length ? value.map(valueText).join(', ') : '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value !== 'object') return String(value);
  const item = value as Record<string, unknown>;
  if ('role' in item) return `${String(item.name ?? item.party_id ?? '?')} (${String(item.role)})`;
  if ('text' in item) return [item.year, item.text].filter(Boolean).join(' ');
  return JSON.stringify(value);
}

const trackHref = (id: string) => `/track?id=${encodeURIComponent(id)}`;

/** Two tracks side by side, field by field, differences highlighted; the user picks per field
 * which value the kept track ends with (the default: the one a person set, else the filled-in
 * one) and merges the other into it in one undoable change. */
export function TrackCompare({ keptId, otherId }: { keptId: string; otherId: string }) {
  const comparison = useTrackComparison(keptId, otherId);
  const merge = useMergeTracks(keptId, otherId);
  const [choices, setChoices] = useState<Record<string, Side>>({});
  const data = comparison.data;

  if (comparison.isPending) return <p className="text-sm text-slate-500">Loading…</p>;
  if (comparison.isError)
    return <p role="alert">The tracks could not be compared: {errorText(comparison.error)}</p>;
  if (!data) return null;
  if (merge.isSuccess)
    return (
      <section aria-labelledby="compare-heading" className="flex flex-col gap-2">
        <h1 id="compare-heading" className="text-2xl font-semibold">
          Tracks merged
        </h1>
        <p role="status">
          “{data.other.title}” was merged into “{merge.data.track.title}” and deleted (an admin can
          undo the merge from the kept track&apos;s history).
        </p>
        <Link href={trackHref(keptId)} className="text-indigo-800 underline">
          Open the kept track
        </Link>
      </section>
    );

  const sideOf = (row: FieldComparison): Side => choices[row.field] ?? row.default;
  const differing = data.fields.filter((row) => row.differs);
  return (
    <section aria-labelledby="compare-heading" className="flex flex-col gap-3">
      <h1 id="compare-heading" className="text-2xl font-semibold">
        Compare two tracks
      </h1>
      <p className="text-sm text-slate-600">
        {differing.length} of {data.fields.length} fields differ. The kept track takes the values
        chosen below; the other is deleted (restorable).{' '}
        <Link
          href={`/compare?a=${encodeURIComponent(otherId)}&b=${encodeURIComponent(keptId)}`}
          className="text-indigo-800 underline"
        >
          Keep the other track instead
        </Link>
      </p>
      <table className="w-full table-fixed text-left text-sm">
        <caption className="sr-only">The two tracks field by field</caption>
        <thead>
          <tr>
            <th scope="col" className="w-40">
              Field
            </th>
            <th scope="col">
              Kept: <Link href={trackHref(keptId)}>{data.kept.title}</Link>
            </th>
            <th scope="col">
              Merged into it: <Link href={trackHref(otherId)}>{data.other.title}</Link>
            </th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Audio</th>
            <td>{data.kept_has_audio ? 'yes' : 'none'}</td>
            <td>{data.other_has_audio ? 'yes (stays with the deleted track)' : 'none'}</td>
          </tr>
          {data.fields.map((row) => (
            <CompareRow
              key={row.field}
              row={row}
              side={sideOf(row)}
              onChoose={(side) => setChoices((old) => ({ ...old, [row.field]: side }))}
            />
          ))}
        </tbody>
      </table>
      {merge.isError && (
        <p role="alert" className="text-sm text-red-800">
          The tracks were not merged: {errorText(merge.error)}
        </p>
      )}
      <Button
        variant="primary"
        className="self-start"
        disabled={merge.isPending}
        onClick={() => merge.mutate(choices)}
      >
        Merge into the kept track
      </Button>
    </section>
  );
}

function CompareRow({
  row,
  side,
  onChoose,
}: {
  row: FieldComparison;
  side: Side;
  onChoose: (side: Side) => void;
}) {
  const label = labelOf(row.field);
  const cell = (which: Side, value: unknown, source: string | null) => (
    <td className={row.differs && side === which ? 'font-medium' : ''}>
      {row.differs ? (
        <label className="flex items-start gap-1">
          <input
            type="radio"
            name={`keep-${row.field}`}
            checked={side === which}
            onChange={() => onChoose(which)}
            aria-label={`Keep the ${which === 'kept' ? "kept track's" : "other track's"} ${label}`}
          />
          <span className="[overflow-wrap:anywhere]">{valueText(value)}</span>
        </label>
      ) : (
        <span className="[overflow-wrap:anywhere]">{valueText(value)}</span>
      )}
      {source && <span className="ml-1 text-xs text-slate-500">({source})</span>}
    </td>
  );
  return (
    <tr data-differs={row.differs || undefined} className={row.differs ? 'bg-amber-50' : ''}>
      <th scope="row">
        {label}
        {row.differs && <span className="ml-1 text-xs text-amber-800">differs</span>}
      </th>
      {cell('kept', row.kept, row.kept_source)}
      {cell('other', row.other, row.other_source)}
    </tr>
  );
}

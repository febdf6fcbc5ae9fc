'use client';

import { useState } from 'react';

import { Button } from '@/components/ui/button';
import { ApiError, errorText } from '@/lib/problem';
import { formatHundredths, shareProblem, totalInHundredths, totalProblem } from '@/lib/splits';

import { createParty } from '../api/parties';
import type { Track } from '../api/track-schemas';
import { useUpdateTrack } from '../api/update-track';

const errorId = (field: string) => `${field.replace(/[^\w]/g, '-')}-error`;

type SplitRow = { party_id: string | null; name: string; share: string };
type Errors = Record<string, string>;

const rowsOf = (track: Track): SplitRow[] =>
  (track.master_splits ?? []).map((s) => ({
    party_id: s.party_id,
    name: s.name,
    share: String(s.share),
  }));

function problemsOf(rows: SplitRow[]): Errors {
  const errors: Errors = {};
  rows.forEach((row, index) => {
    if (!row.name.trim())
      errors[`master_splits[${index}].party_id`] = 'a rights holder is required';
    const share = shareProblem(row.share) ?? (row.share.trim() ? null : 'a share is required');
    if (share) errors[`master_splits[${index}].share`] = share;
  });
  const total = totalProblem(totalInHundredths(rows.map((r) => r.share)), rows.length === 0);
  if (total) errors.master_splits = total;
  return errors;
}

/** Who owns the master recording and in what percentage (not the song's shares: those are the
 * work's); the running total sits beside the table and a save needs exactly 100.00%. */
export function MasterSplitsEditor({ track }: { track: Track }) {
  const [rows, setRows] = useState<SplitRow[]>(() => rowsOf(track));
  const [errors, setErrors] = useState<Errors>({});
  const update = useUpdateTrack();
  const total = totalInHundredths(rows.map((row) => row.share));
  const change = (index: number, patch: Partial<SplitRow>) => {
    setRows((current) => current.map((row, i) => (i === index ? { ...row, ...patch } : row)));
    setErrors({});
  };

  async function save() {
    const problems = problemsOf(rows);
    if (Object.keys(problems).length > 0) return setErrors(problems);
    try {
      const master_splits = [];
      for (const row of rows)
        master_splits.push({
          party_id: row.party_id ?? (await createParty(row.name.trim())).id,
          share: Number(row.share),
        });
      await update.mutateAsync({ trackId: track.id, changes: { master_splits } });
      setErrors({});
    } catch (failure) {
      const field = failure instanceof ApiError ? failure.field : null;
      setErrors({ [field ?? 'form']: field ? (failure as ApiError).detail : errorText(failure) });
    }
  }

  const cellError = (field: string) =>
    errors[field] ? (
      <p id={errorId(field)} className="text-xs text-red-800">
        {errors[field]}
      </p>
    ) : null;
  const describedBy = (field: string) => (errors[field] ? errorId(field) : undefined);

  return (
    <section
      aria-labelledby="master-splits-heading"
      className="flex flex-col gap-2"
      id="field-master_splits"
    >
      <h2 id="master-splits-heading" className="font-semibold">
        Master splits (who owns the recording)
      </h2>
      <table className="w-full text-sm">
        <thead>
          <tr className="text-left text-xs text-slate-500 uppercase">
            <th scope="col">Rights holder</th>
            <th scope="col">Share %</th>
            <th scope="col">
              <span className="sr-only">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr key={index}>
              <td className="pr-1 align-top">
                <input
                  aria-label={`Rights holder ${index + 1}`}
                  aria-describedby={describedBy(`master_splits[${index}].party_id`)}
                  value={row.name}
                  onChange={(e) => change(index, { name: e.target.value, party_id: null })}
                  className="w-full rounded border border-slate-300 px-1 py-0.5"
                />
                {cellError(`master_splits[${index}].party_id`)}
              </td>
              <td className="pr-1 align-top">
                <input
                  aria-label={`Master share of rights holder ${index + 1}`}
                  aria-describedby={describedBy(`master_splits[${index}].share`)}
                  inputMode="decimal"
                  value={row.share}
                  onChange={(e) => change(index, { share: e.target.value })}
                  className="w-20 rounded border border-slate-300 px-1 py-0.5 text-right"
                />
                {cellError(`master_splits[${index}].share`)}
              </td>
              <td className="align-top">
                <Button
                  size="sm"
                  variant="ghost"
                  aria-label={`Remove rights holder ${index + 1}`}
                  onClick={() => setRows((current) => current.filter((_, i) => i !== index))}
                >
                  ×
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="text-sm">
        Master total: <output aria-label="Master total">{formatHundredths(total)}</output>
      </p>
      {errors.master_splits || errors.form ? (
        <p role="alert" className="text-xs text-red-800">
          {errors.master_splits ?? errors.form}
        </p>
      ) : null}
      <div className="flex gap-2">
        <Button
          size="sm"
          onClick={() =>
            setRows((current) => [...current, { party_id: null, name: '', share: '' }])
          }
        >
          Add rights holder
        </Button>
        <Button size="sm" variant="primary" disabled={update.isPending} onClick={() => void save()}>
          Save master splits
        </Button>
      </div>
    </section>
  );
}

'use client';

import { useState } from 'react';

import { Button } from '@/components/ui/button';
import { errorText } from '@/lib/problem';

import { createParty } from '../api/parties';
import type { Track } from '../api/track-schemas';
import { useUpdateTrack } from '../api/update-track';
import { COMMON_ROLES, parseContributors, type ContributorRow } from '../lib/contributors';

function rowsOf(track: Track): ContributorRow[] {
  return track.contributors.map((c) => ({
    name: c.name,
    role: c.role,
    share: c.share == null ? '' : String(c.share),
    party_id: c.party_id,
  }));
}

/** Contributors in their DDEX roles, with splits that must add up to 100% when given. */
export function ContributorsEditor({ track }: { track: Track }) {
  const [rows, setRows] = useState<ContributorRow[]>(() => rowsOf(track));
  const [errors, setErrors] = useState<string[]>([]);
  const update = useUpdateTrack();
  const change = (index: number, patch: Partial<ContributorRow>) => {
    setRows((current) => current.map((row, i) => (i === index ? { ...row, ...patch } : row)));
    setErrors([]);
  };
  const total = rows.reduce((sum, row) => sum + (Number(row.share) || 0), 0);

  async function save() {
    const parsed = parseContributors(rows);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      return;
    }
    try {
      // a contributor typed by name becomes a party first; credits reference parties by id
      const contributors = await Promise.all(
        parsed.contributors.map(async (row) => ({
          party_id: row.party_id ?? (await createParty(row.name)).id,
          role: row.role,
          sequence: row.sequence,
          share: row.share,
        })),
      );
      await update.mutateAsync({
        trackId: track.id,
        changes: { contributors },
      });
      setErrors([]);
    } catch (error) {
      setErrors([errorText(error)]);
    }
  }

  return (
    <section
      aria-labelledby="contributors-heading"
      className="flex flex-col gap-2"
      id="field-contributors"
    >
      <h2 id="contributors-heading" className="font-semibold">
        Contributors and splits
      </h2>
      <datalist id="contributor-roles">
        {COMMON_ROLES.map((role) => (
          <option key={role} value={role} />
        ))}
      </datalist>
      <table className="w-full text-sm">
        <thead>
          <tr className="text-left text-xs text-slate-500 uppercase">
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">Share %</th>
            <th scope="col">
              <span className="sr-only">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr key={index}>
              <td className="pr-1">
                <input
                  aria-label={`Name of contributor ${index + 1}`}
                  value={row.name}
                  onChange={(e) => change(index, { name: e.target.value, party_id: null })}
                  className="w-full rounded border border-slate-300 px-1 py-0.5"
                />
              </td>
              <td className="pr-1">
                <input
                  aria-label={`Role of contributor ${index + 1}`}
                  list="contributor-roles"
                  value={row.role}
                  onChange={(e) => change(index, { role: e.target.value })}
                  className="w-full rounded border border-slate-300 px-1 py-0.5"
                />
              </td>
              <td className="pr-1">
                <input
                  aria-label={`Share of contributor ${index + 1}`}
                  inputMode="decimal"
                  value={row.share}
                  onChange={(e) => change(index, { share: e.target.value })}
                  className="w-20 rounded border border-slate-300 px-1 py-0.5 text-right"
                />
              </td>
              <td>
                <Button
                  size="sm"
                  variant="ghost"
                  aria-label={`Remove contributor ${index + 1}`}
                  onClick={() => setRows((current) => current.filter((_, i) => i !== index))}
                >
                  ×
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="text-xs text-slate-500">Shares total: {Math.round(total * 1000) / 1000}%</p>
      {errors.length > 0 && (
        <ul role="alert" className="text-xs text-red-800">
          {errors.map((error) => (
            <li key={error}>{error}</li>
          ))}
        </ul>
      )}
      <div className="flex gap-2">
        <Button
          size="sm"
          onClick={() =>
            setRows((current) => [...current, { name: '', role: 'MainArtist', share: '' }])
          }
        >
          Add contributor
        </Button>
        <Button size="sm" variant="primary" disabled={update.isPending} onClick={() => void save()}>
          Save contributors
        </Button>
      </div>
    </section>
  );
}

'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';

import { Button } from '@/components/ui/button';
import { ApiError, errorText } from '@/lib/problem';

import { releaseQueryKey } from '../api/get-release';
import { createArtistParty } from '../api/release-artists';
import type { Release } from '../api/release-schemas';
import { updateRelease } from '../api/update-release';

// DDEX DisplayArtistRole in words; the API stores the DDEX word.
const ROLES = [
  { code: 'MainArtist', words: 'Main artist' },
  { code: 'FeaturedArtist', words: 'Featured artist' },
  { code: 'Artist', words: 'Artist' },
  { code: 'Composer', words: 'Composer' },
] as const;

type Row = { key: number; party_id: string | null; name: string; role: string };
type Errors = Record<string, string>;

let nextKey = 0;
const rowsOf = (release: Release): Row[] =>
  (release.artists ?? []).map((a) => ({
    key: ++nextKey,
    party_id: a.party_id,
    name: a.name,
    role: a.role,
  }));

/** The release's artists in credit order (ERN DisplayArtist), each with a role in words. */
export function ReleaseArtistsEditor({ release }: { release: Release }) {
  const [rows, setRows] = useState<Row[]>(() => rowsOf(release));
  const [errors, setErrors] = useState<Errors>({});
  const [saving, setSaving] = useState(false);
  const queryClient = useQueryClient();
  const edit = (next: Row[]) => {
    setRows(next);
    setErrors({});
  };
  const change = (index: number, patch: Partial<Row>) =>
    edit(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  const move = (index: number, by: number) => {
    const next = [...rows];
    const [row] = next.splice(index, 1);
    if (row) next.splice(index + by, 0, row);
    edit(next);
  };

  async function save() {
    const missing = rows.findIndex((row) => !row.name.trim());
    if (missing >= 0)
      return setErrors({ [`artists[${missing}].party_id`]: 'an artist needs a name' });
    setSaving(true);
    try {
      const artists = [];
      for (const row of rows)
        artists.push({
          party_id: row.party_id ?? (await createArtistParty(row.name.trim())).id,
          role: row.role,
        });
      const saved = await updateRelease(release.id, { artists });
      queryClient.setQueryData(releaseQueryKey(release.id), saved);
      void queryClient.invalidateQueries({ queryKey: ['validation', release.id] });
      setRows(rowsOf(saved));
    } catch (failure) {
      const field = failure instanceof ApiError ? failure.field : null;
      setErrors({ [field ?? 'form']: field ? (failure as ApiError).detail : errorText(failure) });
    } finally {
      setSaving(false);
    }
  }

  return (
    <section
      aria-labelledby="release-artists-heading"
      className="flex flex-col gap-2"
      id="field-artists"
    >
      <h2 id="release-artists-heading" className="font-semibold">
        Release artists
      </h2>
      <ol className="flex flex-col gap-1 text-sm">
        {rows.map((row, index) => {
          const nameError = errors[`artists[${index}].party_id`];
          const roleError = errors[`artists[${index}].role`];
          return (
            <li key={row.key} className="flex flex-wrap items-start gap-2">
              <div className="flex flex-col">
                <input
                  aria-label={`Artist ${index + 1}`}
                  value={row.name}
                  aria-invalid={nameError ? true : undefined}
                  aria-describedby={nameError ? `artist-${row.key}-error` : undefined}
                  onChange={(e) => change(index, { name: e.target.value, party_id: null })}
                  className="w-56 rounded border border-slate-300 px-1 py-0.5"
                />
                {nameError ? (
                  <p id={`artist-${row.key}-error`} className="text-xs text-red-800">
                    {nameError}
                  </p>
                ) : null}
              </div>
              <div className="flex flex-col">
                <select
                  aria-label={`Role of artist ${index + 1}`}
                  value={row.role}
                  aria-invalid={roleError ? true : undefined}
                  aria-describedby={roleError ? `artist-${row.key}-role-error` : undefined}
                  onChange={(e) => change(index, { role: e.target.value })}
                  className="rounded border border-slate-300 px-1 py-0.5"
                >
                  {ROLES.map((role) => (
                    <option key={role.code} value={role.code}>
                      {role.words}
                    </option>
                  ))}
                </select>
                {roleError ? (
                  <p id={`artist-${row.key}-role-error`} className="text-xs text-red-800">
                    {roleError}
                  </p>
                ) : null}
              </div>
              <Button
                size="sm"
                variant="ghost"
                aria-label={`Move artist ${index + 1} up`}
                disabled={index === 0}
                onClick={() => move(index, -1)}
              >
                ↑
              </Button>
              <Button
                size="sm"
                variant="ghost"
                aria-label={`Remove artist ${index + 1}`}
                onClick={() => edit(rows.filter((_, i) => i !== index))}
              >
                ×
              </Button>
            </li>
          );
        })}
      </ol>
      {errors.artists || errors.form ? (
        <p role="alert" className="text-xs text-red-800">
          {errors.artists ?? errors.form}
        </p>
      ) : null}
      <div className="flex gap-2">
        <Button
          size="sm"
          onClick={() =>
            edit([...rows, { key: ++nextKey, party_id: null, name: '', role: 'MainArtist' }])
          }
        >
          Add artist
        </Button>
        <Button size="sm" variant="primary" disabled={saving} onClick={() => void save()}>
          Save artists
        </Button>
      </div>
    </section>
  );
}

'use client';

import { useEffect, useState } from 'react';

import type { TrackFilters } from '../api/list-tracks';

const TOGGLES: { key: keyof TrackFilters; label: string }[] = [
  { key: 'missing_isrc', label: 'Missing ISRC' },
  { key: 'invalid_identifiers', label: 'Invalid identifiers' },
  { key: 'low_confidence', label: 'Low AI confidence' },
];

type TrackFiltersBarProps = { value: TrackFilters; onChange: (next: TrackFilters) => void };

/** Search and the grid's column filters; text filters apply after typing stops. */
export function TrackFiltersBar({ value, onChange }: TrackFiltersBarProps) {
  const [q, setQ] = useState(value.q ?? '');
  const [genre, setGenre] = useState(value.genre ?? '');

  useEffect(() => {
    const timer = setTimeout(() => {
      if ((value.q ?? '') !== q || (value.genre ?? '') !== genre)
        onChange({ ...value, q: q || undefined, genre: genre || undefined });
    }, 300);
    return () => clearTimeout(timer);
  }, [q, genre, value, onChange]);

  return (
    <div role="search" aria-label="Filter tracks" className="flex flex-wrap items-end gap-3">
      <label className="flex flex-col text-xs font-medium text-slate-600">
        Search title, artist, ISRC
        <input
          type="search"
          value={q}
          onChange={(event) => setQ(event.target.value)}
          className="mt-1 w-64 rounded border border-slate-300 px-2 py-1 text-sm"
        />
      </label>
      <label className="flex flex-col text-xs font-medium text-slate-600">
        Genre
        <input
          value={genre}
          onChange={(event) => setGenre(event.target.value)}
          className="mt-1 w-36 rounded border border-slate-300 px-2 py-1 text-sm"
        />
      </label>
      <fieldset className="flex flex-wrap gap-2">
        <legend className="sr-only">Show only</legend>
        {TOGGLES.map((toggle) => {
          const on = Boolean(value[toggle.key]);
          return (
            <button
              key={toggle.key}
              type="button"
              aria-pressed={on}
              onClick={() => onChange({ ...value, [toggle.key]: on ? undefined : true })}
              className={`rounded-full border px-3 py-1 text-xs font-medium ${on ? 'border-indigo-700 bg-indigo-700 text-white' : 'border-slate-300 bg-white text-slate-700 hover:bg-slate-100'}`}
            >
              {toggle.label}
            </button>
          );
        })}
      </fieldset>
    </div>
  );
}

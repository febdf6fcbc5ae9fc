'use client';

import { DebouncedField } from '@/components/ui/debounced-field';
import { FilterChips, type Chip } from '@/components/ui/filter-chips';

import type { TrackFilters } from '../api/list-tracks';

type Toggle = 'missing_isrc' | 'invalid_identifiers' | 'low_confidence' | 'failed_validation';

const TOGGLES: readonly Chip<Toggle>[] = [
  { key: 'missing_isrc', label: 'Missing ISRC' },
  { key: 'invalid_identifiers', label: 'Invalid identifiers' },
  { key: 'low_confidence', label: 'Low AI confidence' },
  { key: 'failed_validation', label: 'Failed validation' },
];

type TrackFiltersBarProps = { value: TrackFilters; onChange: (next: TrackFilters) => void };

/** Search and the grid's column filters; text filters apply after typing stops. */
export function TrackFiltersBar({ value, onChange }: TrackFiltersBarProps) {
  return (
    <div role="search" aria-label="Filter tracks" className="flex flex-wrap items-end gap-3">
      <DebouncedField
        label="Search title, artist, ISRC"
        type="search"
        width="w-64"
        value={value.q}
        onCommit={(q) => onChange({ ...value, q })}
      />
      <DebouncedField
        label="Genre"
        value={value.genre}
        onCommit={(genre) => onChange({ ...value, genre })}
      />
      <label className="flex flex-col text-xs text-slate-600">
        Vocals
        <select
          className="rounded border border-slate-300 bg-white px-2 py-1 text-sm"
          value={value.vocals ?? ''}
          onChange={(event) =>
            onChange({
              ...value,
              vocals: (event.target.value || undefined) as TrackFilters['vocals'],
            })
          }
        >
          <option value="">Any</option>
          <option value="vocal">Sung</option>
          <option value="instrumental">Instrumental</option>
        </select>
      </label>
      <FilterChips
        chips={TOGGLES}
        value={value}
        onToggle={(key, on) => onChange({ ...value, [key]: on || undefined })}
      />
    </div>
  );
}

'use client';

import { DebouncedField } from '@/components/ui/debounced-field';
import { FilterChips, type Chip } from '@/components/ui/filter-chips';

import type { ReleaseFilters } from '../api/list-releases';

type Toggle = 'missing_upc' | 'invalid_upc' | 'failed_validation';

const TOGGLES: readonly Chip<Toggle>[] = [
  { key: 'missing_upc', label: 'Missing UPC' },
  { key: 'invalid_upc', label: 'Invalid UPC' },
  { key: 'failed_validation', label: 'Failed validation' },
];

type ReleaseFiltersBarProps = { value: ReleaseFilters; onChange: (next: ReleaseFilters) => void };

/** Search and the release grid's filters. */
export function ReleaseFiltersBar({ value, onChange }: ReleaseFiltersBarProps) {
  return (
    <div role="search" aria-label="Filter releases" className="flex flex-wrap items-end gap-3">
      <DebouncedField
        label="Search title, artist, UPC"
        type="search"
        width="w-64"
        value={value.q}
        onCommit={(q) => onChange({ ...value, q })}
      />
      <FilterChips
        chips={TOGGLES}
        value={value}
        onToggle={(key, on) => onChange({ ...value, [key]: on || undefined })}
      />
    </div>
  );
}

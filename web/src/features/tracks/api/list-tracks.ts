import { useInfiniteQuery } from '@tanstack/react-query';

import { env } from '@/config/env';
import { api } from '@/lib/api-client';

import type { TrackPage, TrackRow } from './track-schemas';

/** The grid's filters, as the UI names them. */
export type TrackFilters = {
  q?: string;
  missing_isrc?: boolean;
  invalid_identifiers?: boolean;
  low_confidence?: boolean;
  /** the track's release failed its last DDEX/CWR validation */
  failed_validation?: boolean;
  genre?: string;
  /** sung or instrumental (the AI's or a person's value) */
  vocals?: 'vocal' | 'instrumental';
  status?: string;
  sort?: string;
};

/** The list endpoint's query parameters for the filters (missing and invalid take field lists). */
export function trackQuery(
  filters: TrackFilters,
): Record<string, string | boolean | string[] | undefined> {
  return {
    q: filters.q,
    genre: filters.genre,
    vocals: filters.vocals,
    status: filters.status,
    sort: filters.sort,
    missing: filters.missing_isrc ? ['isrc'] : undefined,
    invalid: filters.invalid_identifiers ? ['isrc'] : undefined,
    low_confidence: filters.low_confidence,
    validation: filters.failed_validation ? 'failed' : undefined,
  };
}

export const listTracks = (
  filters: TrackFilters,
  cursor: string | null,
  limit = env.gridPageSize,
) =>
  api.get<TrackPage>('/tracks', {
    // grid_columns: each track's release title and last change, for the grid's columns
    query: { ...trackQuery(filters), grid_columns: true, after: cursor, limit },
  });

export const tracksQueryKey = (filters: TrackFilters) => ['tracks', 'list', filters] as const;

/** Tracks page by page (cursor pagination) as the grid scrolls. */
export function useTrackPages(filters: TrackFilters) {
  return useInfiniteQuery({
    queryKey: tracksQueryKey(filters),
    queryFn: ({ pageParam }) => listTracks(filters, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? null,
  });
}

export function flattenPages(pages: readonly { items: TrackRow[] }[] | undefined): TrackRow[] {
  return pages ? pages.flatMap((page) => page.items) : [];
}

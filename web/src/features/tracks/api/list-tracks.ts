import { useInfiniteQuery } from '@tanstack/react-query';

import { env } from '@/config/env';
import { api } from '@/lib/api-client';

import { TrackPageSchema, type Track } from './track-schemas';

/** The grid's column filters, as the list endpoint's query parameters name them. */
export type TrackFilters = {
  q?: string;
  missing_isrc?: boolean;
  invalid_identifiers?: boolean;
  low_confidence?: boolean;
  validation_failed?: boolean;
  genre?: string;
  status?: string;
  sort?: string;
};

export const listTracks = (
  filters: TrackFilters,
  cursor: string | null,
  limit = env.gridPageSize,
) => api.get('/tracks', { query: { ...filters, cursor, limit }, schema: TrackPageSchema });

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

export function flattenPages(pages: readonly { items: Track[] }[] | undefined): Track[] {
  return pages ? pages.flatMap((page) => page.items) : [];
}

import { useInfiniteQuery } from '@tanstack/react-query';

import { env } from '@/config/env';
import { api } from '@/lib/api-client';

import type { ReleasePage } from './release-schemas';

export type ReleaseFilters = {
  q?: string;
  missing_upc?: boolean;
  invalid_upc?: boolean;
  /** the release failed its last DDEX/CWR validation */
  failed_validation?: boolean;
};

export const listReleases = (filters: ReleaseFilters, cursor: string | null) =>
  api.get<ReleasePage>('/releases', {
    query: {
      q: filters.q,
      missing: filters.missing_upc ? ['upc'] : undefined,
      invalid: filters.invalid_upc ? ['upc'] : undefined,
      validation: filters.failed_validation ? 'failed' : undefined,
      after: cursor,
      limit: env.gridPageSize,
    },
  });

export function useReleasePages(filters: ReleaseFilters) {
  return useInfiniteQuery({
    queryKey: ['releases', 'list', filters],
    queryFn: ({ pageParam }) => listReleases(filters, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? null,
  });
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { ApiSchemas } from '@/lib/api-types';

// Two tracks side by side and a merge, as the API declares them (generated from OpenAPI)
export type TrackComparison = ApiSchemas['TrackComparisonOut'];
export type FieldComparison = ApiSchemas['FieldComparisonOut'];
export type Side = FieldComparison['default'];
export type Merged = ApiSchemas['MergeOut'];

const trackPath = (trackId: string) => `/tracks/${encodeURIComponent(trackId)}`;

export const compareTracks = (keptId: string, otherId: string) =>
  api.get<TrackComparison>(`${trackPath(keptId)}/compare/${encodeURIComponent(otherId)}`);

export const useTrackComparison = (keptId: string, otherId: string) =>
  useQuery({
    queryKey: ['tracks', 'compare', keptId, otherId],
    queryFn: () => compareTracks(keptId, otherId),
  });

export const mergeTracks = (keptId: string, otherId: string, choices: Record<string, Side>) =>
  api.post<Merged>(
    `${trackPath(keptId)}/merge`,
    { other_id: otherId, choices },
    { notifyOnError: false },
  );

/** Merge the other track into the kept one; every track query is stale afterwards. */
export function useMergeTracks(keptId: string, otherId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (choices: Record<string, Side>) => mergeTracks(keptId, otherId, choices),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['tracks'] }),
  });
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { ApiSchemas } from '@/lib/api-types';

export type TrackAnalysis = ApiSchemas['TrackAnalysisOut'];

export const trackAnalysisKey = (trackId: string) => ['tracks', 'analysis', trackId] as const;

/** Where the analysis of a track's audio stands (failed: with its code and message). */
export const getTrackAnalysis = (trackId: string) =>
  api.get<TrackAnalysis>(`/tracks/${encodeURIComponent(trackId)}/analysis`);

export const useTrackAnalysis = (trackId: string) =>
  useQuery({
    queryKey: trackAnalysisKey(trackId),
    queryFn: () => getTrackAnalysis(trackId),
    // a queued or running analysis finishes on its own: look again until it does
    refetchInterval: (query) =>
      query.state.data && ['queued', 'running'].includes(query.state.data.state) ? 5000 : false,
  });

/** Queue the audio for analysis again; 409 while one is queued or running (shown beside it). */
export const reanalyseTrack = (trackId: string) =>
  api.post<TrackAnalysis>(`/tracks/${encodeURIComponent(trackId)}/reanalyse`, undefined, {
    notifyOnError: false,
  });

export function useReanalyseTrack(trackId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => reanalyseTrack(trackId),
    onSuccess: (analysis) => queryClient.setQueryData(trackAnalysisKey(trackId), analysis),
  });
}

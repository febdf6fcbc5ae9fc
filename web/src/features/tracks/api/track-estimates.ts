import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import type { EstimateList } from './track-schemas';

export const getTrackEstimates = (trackId: string) =>
  api.get<EstimateList>(`/tracks/${encodeURIComponent(trackId)}/estimates`);

export const useTrackEstimates = (trackId: string) =>
  useQuery({
    queryKey: ['tracks', 'estimates', trackId],
    queryFn: () => getTrackEstimates(trackId),
  });

export type EstimateDecision = {
  trackId: string;
  estimateId: string;
  decision: 'accept' | 'reject';
};

/** Accept (the value becomes the track's, as a person's choice) or reject one estimate. */
export const decideEstimate = ({ trackId, estimateId, decision }: EstimateDecision) =>
  api.post(
    `/tracks/${encodeURIComponent(trackId)}/estimates/${encodeURIComponent(estimateId)}/${decision}`,
    undefined,
    { notifyOnError: false }, // the refusal shows beside the suggestion it is about
  );

export function useDecideEstimate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: decideEstimate,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['tracks'] }),
  });
}

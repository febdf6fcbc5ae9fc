import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import { EstimateListSchema } from './track-schemas';

export const getTrackEstimates = (trackId: string) =>
  api.get(`/tracks/${encodeURIComponent(trackId)}/estimates`, { schema: EstimateListSchema });

export const useTrackEstimates = (trackId: string) =>
  useQuery({
    queryKey: ['tracks', 'estimates', trackId],
    queryFn: () => getTrackEstimates(trackId),
  });

export type EstimateDecision = {
  trackId: string;
  estimateId: string;
  decision: 'accept' | 'reject';
  /** accept a different value than the estimate's (BPM half or double) */
  value?: string | number;
};

export const decideEstimate = ({ trackId, estimateId, decision, value }: EstimateDecision) =>
  api.post(
    `/tracks/${encodeURIComponent(trackId)}/estimates/${encodeURIComponent(estimateId)}/${decision}`,
    value === undefined ? {} : { value },
  );

export function useDecideEstimate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: decideEstimate,
    onSuccess: (_result, { trackId }) =>
      queryClient.invalidateQueries({ queryKey: ['tracks'] }).then(() => trackId),
  });
}

import { useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { ApiSchemas } from '@/lib/api-types';

export type SimilarPage = ApiSchemas['SimilarPage'];

/** The partner's tracks that sound most like this one (503 where the server has no pgvector). */
export const getSimilarTracks = (trackId: string, limit: number) =>
  api.get<SimilarPage>(`/tracks/${encodeURIComponent(trackId)}/similar`, {
    query: { limit },
    notifyOnError: false,
  });

export const useSimilarTracks = (trackId: string, limit = 5) =>
  useQuery({
    queryKey: ['tracks', 'similar', trackId, limit],
    queryFn: () => getSimilarTracks(trackId, limit),
    retry: false,
  });

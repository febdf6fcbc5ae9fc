import { useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import type { Track } from './track-schemas';

export const getTrack = (trackId: string) =>
  api.get<Track>(`/tracks/${encodeURIComponent(trackId)}`);

export const trackQueryKey = (trackId: string) => ['tracks', 'one', trackId] as const;

export const useTrack = (trackId: string) =>
  useQuery({
    queryKey: trackQueryKey(trackId),
    queryFn: () => getTrack(trackId),
    enabled: Boolean(trackId),
  });

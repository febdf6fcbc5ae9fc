import { useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { followPageHost } from '@/lib/transfer-file';
import type { ApiSchemas } from '@/lib/api-types';

/** A signed URL of the track's audio (the kept copy), valid for a while. */
export const getTrackAudio = (trackId: string) =>
  api.get<ApiSchemas['AudioOut']>(`/tracks/${encodeURIComponent(trackId)}/audio`, {
    notifyOnError: false,
  });

export const useTrackAudio = (trackId: string) =>
  useQuery({
    queryKey: ['tracks', 'audio', trackId],
    queryFn: () => getTrackAudio(trackId),
    staleTime: 5 * 60_000,
    retry: false,
    select: (data) => followPageHost(data.url),
  });

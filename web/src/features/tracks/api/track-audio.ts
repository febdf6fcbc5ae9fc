import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';

import { env } from '@/config/env';
import { api } from '@/lib/api-client';

const AudioUrlSchema = z
  .object({ url: z.string(), expires_at: z.string().nullish() })
  .passthrough();

/** A signed URL of the track's audio (the kept copy), valid for a while. */
export const getTrackAudio = (trackId: string) =>
  api.get(`/tracks/${encodeURIComponent(trackId)}/audio`, {
    schema: AudioUrlSchema,
    notifyOnError: false,
  });

export const useTrackAudio = (trackId: string) =>
  useQuery({
    queryKey: ['tracks', 'audio', trackId],
    queryFn: () => getTrackAudio(trackId),
    staleTime: 5 * 60_000,
    retry: false,
    select: (data) => (data.url.startsWith('/') ? `${env.apiOrigin}${data.url}` : data.url),
  });

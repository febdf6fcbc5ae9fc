import { useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { ApiSchemas } from '@/lib/api-types';

export type Timeline = ApiSchemas['TimelineOut'];
export type TimelineSegment = ApiSchemas['TimelineSegmentOut'];

/** Genre and mood scores along the track (no segments before its audio is analysed). */
export const getTrackTimeline = (trackId: string) =>
  api.get<Timeline>(`/tracks/${encodeURIComponent(trackId)}/timeline`, { notifyOnError: false });

export const useTrackTimeline = (trackId: string) =>
  useQuery({
    queryKey: ['tracks', 'timeline', trackId],
    queryFn: () => getTrackTimeline(trackId),
    retry: false,
  });

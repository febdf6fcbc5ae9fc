import { useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { ApiSchemas } from '@/lib/api-types';

type TrackPage = ApiSchemas['TrackPage'];

/** Tracks whose title or artist is like ``text`` (to add one to a tracklist). */
export const searchTracks = (text: string) =>
  api.get<TrackPage>('/tracks', { query: { q: text, limit: 10 } });

export const useTrackSearch = (text: string) =>
  useQuery({
    queryKey: ['tracks', 'list', 'tracklist-search', text],
    queryFn: () => searchTracks(text),
    enabled: text.trim().length >= 2,
  });

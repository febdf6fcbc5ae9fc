import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import { trackQueryKey } from './get-track';
import type { Track } from './track-schemas';

export type TrackChanges = Partial<
  Pick<
    Track,
    | 'title'
    | 'isrc'
    | 'version_title'
    | 'display_artist'
    | 'genre'
    | 'sub_genre'
    | 'moods'
    | 'bpm'
    | 'key'
    | 'preview_start_s'
    | 'explicit'
    | 'language'
    | 'disc_number'
    | 'track_number'
    | 'work_id'
  >
> & {
  contributors?: { party_id: string; role: string; sequence: number; share: number | null }[];
  master_splits?: { party_id: string; share: number }[];
};

/** PATCH one track; If-Match carries the version read, so a concurrent edit answers 409. */
export const updateTrack = (trackId: string, changes: TrackChanges, version?: number | null) =>
  api.patch<Track>(`/tracks/${encodeURIComponent(trackId)}`, changes, {
    headers: version != null ? { 'If-Match': `"${version}"` } : undefined,
  });

export function useUpdateTrack() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { trackId: string; changes: TrackChanges; version?: number | null }) =>
      updateTrack(input.trackId, input.changes, input.version),
    onSuccess: (track) => {
      queryClient.setQueryData(trackQueryKey(track.id), track);
      void queryClient.invalidateQueries({ queryKey: ['tracks', 'list'] });
      void queryClient.invalidateQueries({ queryKey: ['tracks', 'history', track.id] });
    },
  });
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import type { Tracklist } from './release-schemas';

export type TrackPlace = { track_id: string; disc_number: number; track_number: number };

const base = (releaseId: string) => `/releases/${encodeURIComponent(releaseId)}/tracklist`;

export const tracklistQueryKey = (releaseId: string) =>
  ['releases', 'tracklist', releaseId] as const;

export const getTracklist = (releaseId: string) => api.get<Tracklist>(base(releaseId));

export const useTracklist = (releaseId: string) =>
  useQuery({
    queryKey: tracklistQueryKey(releaseId),
    queryFn: () => getTracklist(releaseId),
    enabled: Boolean(releaseId),
  });

/** Every track's disc and number at once (how a tracklist is reordered). */
export const setTracklist = (releaseId: string, tracks: TrackPlace[]) =>
  api.put<Tracklist>(base(releaseId), { tracks }, { notifyOnError: false });

export const addTrack = (releaseId: string, trackId: string) =>
  api.post<Tracklist>(base(releaseId), { track_id: trackId }, { notifyOnError: false });

export const removeTrack = (releaseId: string, trackId: string) =>
  api.delete<Tracklist>(`${base(releaseId)}/${encodeURIComponent(trackId)}`, {
    notifyOnError: false,
  });

type TracklistEdit =
  | { kind: 'set'; tracks: TrackPlace[] }
  | { kind: 'add'; trackId: string }
  | { kind: 'remove'; trackId: string };

function sendEdit(releaseId: string, edit: TracklistEdit): Promise<Tracklist> {
  if (edit.kind === 'set') return setTracklist(releaseId, edit.tracks);
  if (edit.kind === 'add') return addTrack(releaseId, edit.trackId);
  return removeTrack(releaseId, edit.trackId);
}

/** One mutation for every tracklist edit: the answer is the whole tracklist, cached at once. */
export function useEditTracklist(releaseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (edit: TracklistEdit) => sendEdit(releaseId, edit),
    onSuccess: (tracklist) => {
      queryClient.setQueryData(tracklistQueryKey(releaseId), tracklist);
      void queryClient.invalidateQueries({ queryKey: ['validation', releaseId] });
      void queryClient.invalidateQueries({ queryKey: ['tracks'] });
    },
  });
}

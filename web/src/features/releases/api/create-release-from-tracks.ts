import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import type { ReleaseBuilt } from './release-schemas';

export type ReleaseFromTracks = { title: string; release_type: string; track_ids: string[] };

/** A new release holding the tracks in the order given (disc 1, numbered from 1). */
export const createReleaseFromTracks = (input: ReleaseFromTracks) =>
  api.post<ReleaseBuilt>('/releases/from-tracks', input, { notifyOnError: false });

export function useCreateReleaseFromTracks() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createReleaseFromTracks,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['releases'] });
      void queryClient.invalidateQueries({ queryKey: ['tracks'] });
    },
  });
}

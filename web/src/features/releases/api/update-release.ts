import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import type { ReleaseChanges } from '../lib/release-fields';
import { releaseQueryKey } from './get-release';
import type { ReleaseChanged } from './release-schemas';

/** The release's artist credits in order (the list replaces the stored one). */
export type ArtistCreditsChange = { artists: { party_id: string; role: string }[] };

/** PATCH one release (absent fields stay; null clears); the answer's change_id undoes it. */
export const updateRelease = (releaseId: string, changes: ReleaseChanges | ArtistCreditsChange) =>
  api.patch<ReleaseChanged>(`/releases/${encodeURIComponent(releaseId)}`, changes, {
    notifyOnError: false,
  });

export function useUpdateRelease() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { releaseId: string; changes: ReleaseChanges }) =>
      updateRelease(input.releaseId, input.changes),
    onSuccess: (release) => {
      queryClient.setQueryData(releaseQueryKey(release.id), release);
      void queryClient.invalidateQueries({ queryKey: ['releases', 'list'] });
      void queryClient.invalidateQueries({ queryKey: ['validation', release.id] });
    },
  });
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import type { ChangeSet, History } from './track-schemas';

export const getTrackHistory = (trackId: string) =>
  api.get<History>(`/tracks/${encodeURIComponent(trackId)}/history`);

export const useTrackHistory = (trackId: string) =>
  useQuery({ queryKey: ['tracks', 'history', trackId], queryFn: () => getTrackHistory(trackId) });

/** Undo a change set; a refusal (409: a later change touched its fields) is shown beside the
 * history entry by the caller, in words, not as a bare "Conflict" notification. */
export const undoChange = (changeSetId: string) =>
  api.post<ChangeSet>(`/changes/${encodeURIComponent(changeSetId)}/undo`, undefined, {
    notifyOnError: false,
  });

/** Undo one change (a single edit or a whole bulk edit) and refresh what it touched. */
export function useUndoChange() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: undoChange,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['tracks'] }),
  });
}

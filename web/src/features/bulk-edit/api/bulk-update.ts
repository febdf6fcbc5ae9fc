import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { env } from '@/config/env';
import { api } from '@/lib/api-client';
import type { ApiSchemas } from '@/lib/api-types';

/** A change set: one edit, a bulk edit (pending or running while its job runs), or an undo. */
export type ChangeSet = ApiSchemas['ChangeOut'];

/** What a bulk edit does to every selected track (the API applies it, all or nothing). */
export type BulkEdit =
  | { set: Record<string, unknown> }
  | { find_replace: { field: string; find: string; replace: string }[] }
  | { scale_bpm: 'halve' | 'double' }
  | { accept_estimates: string[] };

/** One bulk PATCH: every track's change lands in one change set, undone as one. */
export const bulkEditTracks = (ids: string[], edit: BulkEdit) =>
  api.patch<ChangeSet>('/tracks', { ids, ...edit });

export const getChangeSet = (id: string) =>
  api.get<ChangeSet>(`/changes/${encodeURIComponent(id)}`);

export const undoChangeSet = (id: string) =>
  api.post<ChangeSet>(`/changes/${encodeURIComponent(id)}/undo`);

/** A change set's progress, polled while the server is still applying it. */
export function useChangeSet(id: string | null, initial: ChangeSet | null) {
  return useQuery({
    queryKey: ['changes', id],
    queryFn: () => getChangeSet(id as string),
    enabled:
      Boolean(id) &&
      initial !== null &&
      (initial.status === 'pending' || initial.status === 'running'),
    initialData: initial ?? undefined,
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      return status === 'pending' || status === 'running' ? env.pollIntervalMs : false;
    },
  });
}

export function useBulkMutation<T>(run: (input: T) => Promise<ChangeSet>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['tracks'] }),
  });
}

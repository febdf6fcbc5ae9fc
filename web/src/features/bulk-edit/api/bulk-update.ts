import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';

import { env } from '@/config/env';
import { api } from '@/lib/api-client';

export const ChangeSetSchema = z
  .object({
    id: z.string().optional(),
    change_set_id: z.string().optional(),
    status: z.enum(['pending', 'running', 'done', 'failed']).default('done'),
    total: z.number().nullish(),
    done: z.number().nullish(),
    error: z.string().nullish(),
  })
  .passthrough()
  .transform((raw) => ({ ...raw, id: raw.change_set_id ?? raw.id ?? '' }));
export type ChangeSet = z.infer<typeof ChangeSetSchema>;

/** What a bulk edit does to every selected track (the API applies it, all or nothing). */
export type BulkEdit =
  | { set: Record<string, unknown> }
  | { find_replace: { field: string; find: string; replace: string }[] }
  | { scale_bpm: 'halve' | 'double' }
  | { accept_estimates: string[] };

/** One bulk PATCH: every track's change lands in one change set, undone as one. */
export const bulkEditTracks = (ids: string[], edit: BulkEdit) =>
  api.patch('/tracks', { ids, ...edit }, { schema: ChangeSetSchema });

export const getChangeSet = (id: string) =>
  api.get(`/changes/${encodeURIComponent(id)}`, { schema: ChangeSetSchema });

export const undoChangeSet = (id: string) =>
  api.post(`/changes/${encodeURIComponent(id)}/undo`, undefined, { schema: ChangeSetSchema });

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

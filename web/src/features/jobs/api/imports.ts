import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { env } from '@/config/env';
import { api } from '@/lib/api-client';

import { ImportJobSchema, ImportTicketSchema, isFinished, listOf } from './job-schemas';

export type NewImport = { filename: string; size_bytes: number; content_type: string };

export const createImport = (input: NewImport) =>
  api.post('/imports', input, { schema: ImportTicketSchema });

export const getImport = (importId: string) =>
  api.get(`/imports/${encodeURIComponent(importId)}`, { schema: ImportJobSchema });

export const listImports = () =>
  api.get('/imports', { query: { limit: 20 }, schema: listOf(ImportJobSchema) });

/** Start the import with the column mapping the user confirmed. */
export const startImport = (importId: string, mapping: Record<string, string | null>) =>
  api.post(
    `/imports/${encodeURIComponent(importId)}/start`,
    { mapping },
    { schema: ImportJobSchema },
  );

export const useImports = () =>
  useQuery({
    queryKey: ['imports'],
    queryFn: listImports,
    refetchInterval: (query) =>
      query.state.data?.items.some((job) => !isFinished(job.state) && job.state !== 'previewed')
        ? env.pollIntervalMs
        : false,
  });

/** One import's status, polled until it has a preview to confirm or has finished. */
export const useImport = (importId: string | null) =>
  useQuery({
    queryKey: ['imports', importId],
    queryFn: () => getImport(importId as string),
    enabled: Boolean(importId),
    refetchInterval: (query) => {
      const state = query.state.data?.state;
      return state && (isFinished(state) || state === 'previewed') ? false : env.pollIntervalMs;
    },
  });

export function useStartImport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { importId: string; mapping: Record<string, string | null> }) =>
      startImport(input.importId, input.mapping),
    onSuccess: (job) => {
      queryClient.setQueryData(['imports', job.import_id], job);
      void queryClient.invalidateQueries({ queryKey: ['imports'] });
    },
  });
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { env } from '@/config/env';
import { api } from '@/lib/api-client';

import { ExportJobSchema, isFinished, listOf, type ExportFormat } from './job-schemas';

export type NewExport = { format: ExportFormat; entity: 'tracks' | 'releases'; ids?: string[] };

export const startExport = (input: NewExport) =>
  api.post('/exports', input, { schema: ExportJobSchema });

export const listExports = () =>
  api.get('/exports', { query: { limit: 20 }, schema: listOf(ExportJobSchema) });

export const useExports = () =>
  useQuery({
    queryKey: ['exports'],
    queryFn: listExports,
    refetchInterval: (query) =>
      query.state.data?.items.some((job) => !isFinished(job.state)) ? env.pollIntervalMs : false,
  });

export function useStartExport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: startExport,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['exports'] }),
  });
}

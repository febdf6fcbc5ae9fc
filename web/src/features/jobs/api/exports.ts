import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { env } from '@/config/env';
import { api } from '@/lib/api-client';

import { isFinished, type ExportFormat, type ExportJob, type ExportList } from './job-schemas';

export type NewExport = { format: ExportFormat; release_ids?: string[] };

export const startExport = (input: NewExport) => api.post<ExportJob>('/exports', input);

/** A finished export's document carries its signed download URL (the list does not). */
export const getExport = (exportId: string) =>
  api.get<ExportJob>(`/exports/${encodeURIComponent(exportId)}`);

export const useExports = () =>
  useQuery({
    queryKey: ['exports'],
    queryFn: () => api.get<ExportList>('/exports'),
    refetchInterval: (query) =>
      query.state.data?.exports.some((job) => !isFinished(job.state)) ? env.pollIntervalMs : false,
  });

export const useExportDownload = (exportId: string, succeeded: boolean) =>
  useQuery({
    queryKey: ['exports', exportId, 'download'],
    queryFn: () => getExport(exportId),
    enabled: succeeded,
    staleTime: 5 * 60_000, // signed URLs live longer than this
    select: (job) => job.download_url ?? null,
  });

export function useStartExport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: startExport,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['exports'] }),
  });
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { env } from '@/config/env';
import { api } from '@/lib/api-client';

import {
  isFinished,
  type ImportJob,
  type ImportList,
  type JobState,
  type Preview,
} from './job-schemas';

export type Mapping = Record<string, string | null>;

/** A job waiting for its file, with the signed URL to PUT it to. */
export const createImport = (fileName: string) =>
  api.post<ImportJob>('/imports', { file_name: fileName });

export const getImport = (importId: string) =>
  api.get<ImportJob>(`/imports/${encodeURIComponent(importId)}`);

/** The first rows as they would import with ``mapping`` (the server's guess when empty). */
export const previewImport = (importId: string, mapping: Mapping = {}) =>
  api.post<Preview>(
    `/imports/${encodeURIComponent(importId)}/preview`,
    Object.keys(mapping).length ? { mapping } : {},
  );

export const startImport = (
  importId: string,
  mapping: Mapping,
  mode: 'all_or_nothing' | 'skip_invalid',
) => api.post<ImportJob>(`/imports/${encodeURIComponent(importId)}/start`, { mapping, mode });

const running = (state: JobState) =>
  !isFinished(state) && state !== 'awaiting_upload' && state !== 'uploaded';

export const useImports = () =>
  useQuery({
    queryKey: ['imports'],
    queryFn: () => api.get<ImportList>('/imports'),
    refetchInterval: (query) =>
      query.state.data?.imports.some((job) => running(job.state)) ? env.pollIntervalMs : false,
  });

/** One import's status, polled while it runs. */
export const useImport = (importId: string | null) =>
  useQuery({
    queryKey: ['imports', importId],
    queryFn: () => getImport(importId as string),
    enabled: Boolean(importId),
    refetchInterval: (query) =>
      query.state.data && running(query.state.data.state) ? env.pollIntervalMs : false,
  });

export const usePreview = (importId: string | null, mapping: Mapping, ready: boolean) =>
  useQuery({
    queryKey: ['imports', importId, 'preview', mapping],
    queryFn: () => previewImport(importId as string, mapping),
    enabled: Boolean(importId) && ready,
    placeholderData: (previous) => previous,
  });

export function useStartImport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: {
      importId: string;
      mapping: Mapping;
      mode: 'all_or_nothing' | 'skip_invalid';
    }) => startImport(input.importId, input.mapping, input.mode),
    onSuccess: (job) => {
      queryClient.setQueryData(['imports', job.id], job);
      void queryClient.invalidateQueries({ queryKey: ['imports'] });
    },
  });
}

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
export type ImportMode = 'all_or_nothing' | 'skip_invalid';
/** values a person set on tracks the file updates: kept (the default) or overwritten */
export type PersonSetValues = 'keep' | 'overwrite';

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
  mode: ImportMode,
  personSetValues: PersonSetValues = 'keep',
) =>
  api.post<ImportJob>(`/imports/${encodeURIComponent(importId)}/start`, {
    mapping,
    mode,
    person_set_values: personSetValues,
  });

/** Forget an import that is not running (the server answers 409 while it runs). */
export const deleteImport = (importId: string) =>
  api.delete<null>(`/imports/${encodeURIComponent(importId)}`);

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
      mode: ImportMode;
      personSetValues: PersonSetValues;
    }) => startImport(input.importId, input.mapping, input.mode, input.personSetValues),
    onSuccess: (job) => {
      queryClient.setQueryData(['imports', job.id], job);
      void queryClient.invalidateQueries({ queryKey: ['imports'] });
    },
  });
}

export function useDeleteImport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (importId: string) => deleteImport(importId),
    onSuccess: (_, importId) => {
      queryClient.removeQueries({ queryKey: ['imports', importId] });
      void queryClient.invalidateQueries({ queryKey: ['imports'] });
    },
  });
}

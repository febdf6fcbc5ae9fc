import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { ApiSchemas } from '@/lib/api-types';

export type Assignment = ApiSchemas['AssignmentOut'];
export type AssignedCode = ApiSchemas['AssignedCodeOut'];
export type CodeKind = 'isrc' | 'upc';

export type AssignInput = {
  kind: CodeKind;
  sourceId: string;
  subjectIds: readonly string[];
  overwrite: boolean;
};

/** The next free codes of the source for the tracks (ISRC) or releases (UPC/EAN). */
export function assignCodes({ kind, sourceId, subjectIds, overwrite }: AssignInput) {
  if (kind === 'isrc')
    return api.post<Assignment>(
      '/tracks/assign-isrcs',
      { source_id: sourceId, track_ids: [...subjectIds], overwrite },
      { notifyOnError: false },
    );
  return api.post<Assignment>(
    '/releases/assign-upcs',
    { source_id: sourceId, release_ids: [...subjectIds], overwrite },
    { notifyOnError: false },
  );
}

export function useAssignCodes() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: assignCodes,
    onSuccess: () => {
      for (const key of ['tracks', 'releases', 'code-sources', 'assigned-codes'])
        void queryClient.invalidateQueries({ queryKey: [key] });
    },
  });
}

/** Where the codes of a track or release came from, newest first. */
export const getAssignedCodes = (subjectId: string) =>
  api.get<ApiSchemas['AssignedCodesOut']>('/assigned-codes', {
    query: { subject_ids: subjectId },
  });

export const useAssignedCodes = (subjectId: string) =>
  useQuery({
    queryKey: ['assigned-codes', subjectId],
    queryFn: () => getAssignedCodes(subjectId),
  });

import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import { uploadQueryKey } from './get-upload';
import type { UploadStatus } from './upload-schemas';

export const retryUpload = (uploadId: string) =>
  api.post<UploadStatus>(`/uploads/${encodeURIComponent(uploadId)}/retry`);

export function useRetryUpload() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: retryUpload,
    onSuccess: (_status, uploadId) =>
      queryClient.invalidateQueries({ queryKey: uploadQueryKey(uploadId) }),
  });
}

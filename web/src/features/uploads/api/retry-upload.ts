import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import { uploadQueryKey } from './get-upload';
import { UploadStatusSchema } from './upload-schemas';

export const retryUpload = (uploadId: string) =>
  api.post(`/uploads/${encodeURIComponent(uploadId)}/retry`, undefined, {
    schema: UploadStatusSchema.or(UploadStatusSchema.partial()),
  });

export function useRetryUpload() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: retryUpload,
    onSuccess: (_status, uploadId) =>
      queryClient.invalidateQueries({ queryKey: uploadQueryKey(uploadId) }),
  });
}

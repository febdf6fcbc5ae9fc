import { useQuery } from '@tanstack/react-query';

import { env } from '@/config/env';
import { api } from '@/lib/api-client';

import { isTerminal, type UploadStatus } from './upload-schemas';

export const getUpload = (uploadId: string): Promise<UploadStatus> =>
  api.get<UploadStatus>(`/uploads/${encodeURIComponent(uploadId)}`, { notifyOnError: false });

export const uploadQueryKey = (uploadId: string) => ['uploads', uploadId] as const;

/** The live status of one upload, polled until it is analysed or failed. */
export function useUploadStatus(uploadId: string | null, activeUploads = 1) {
  return useQuery({
    queryKey: uploadQueryKey(uploadId ?? ''),
    queryFn: () => getUpload(uploadId as string),
    enabled: uploadId !== null,
    // many uploads at once: poll each less often so the server sees about 10 requests a second
    refetchInterval: (query) =>
      query.state.data && isTerminal(query.state.data.state)
        ? false
        : Math.max(env.pollIntervalMs, activeUploads * 100),
    retry: 2,
  });
}

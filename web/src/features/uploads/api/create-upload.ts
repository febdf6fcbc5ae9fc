import { api } from '@/lib/api-client';

import type { UploadTicket } from './upload-schemas';

export type NewUpload = { filename: string; size_bytes: number; content_type: string };

/** Ask for a signed URL to PUT one file to; errors are shown beside the file, not as notifications. */
export const createUpload = (upload: NewUpload): Promise<UploadTicket> =>
  api.post<UploadTicket>('/uploads', upload, { notifyOnError: false });

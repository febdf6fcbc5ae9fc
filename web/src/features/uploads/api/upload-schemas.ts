import type { ApiSchemas } from '@/lib/api-types';

// The upload's status document as the API declares it (UploadStatus, written by one service)
export type UploadStatus = ApiSchemas['UploadStatus'];
export type UploadState = ApiSchemas['UploadState'];
export type UploadTicket = ApiSchemas['UploadTicketOut'];
export type UploadList = ApiSchemas['UploadListOut'];
export type Found = ApiSchemas['FoundSummary'];

// awaiting_upload: a URL was handed out and no bytes have arrived yet
export const UPLOAD_STATES = [
  'awaiting_upload',
  'received',
  'extracted',
  'queued',
  'analysed',
  'failed',
] as const satisfies readonly UploadState[];

export function isTerminal(state: UploadState): boolean {
  return state === 'analysed' || state === 'failed';
}

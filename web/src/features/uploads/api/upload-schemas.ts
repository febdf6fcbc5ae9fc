import { z } from 'zod';

// awaiting_upload: a URL was handed out and no bytes have arrived yet
export const UPLOAD_STATES = [
  'awaiting_upload',
  'received',
  'extracted',
  'queued',
  'analysed',
  'failed',
] as const;
export type UploadState = (typeof UPLOAD_STATES)[number];

export const UploadTicketSchema = z.object({
  upload_id: z.string(),
  upload_url: z.string(),
  method: z.string().default('PUT'),
  headers: z.record(z.string()).default({}),
  expires_at: z.string().optional(),
});
export type UploadTicket = z.infer<typeof UploadTicketSchema>;

const ProblemItemSchema = z
  .object({ code: z.string().optional(), message: z.string() })
  .passthrough();

export const FoundSchema = z
  .object({
    format: z.string().nullish(),
    codec: z.string().nullish(),
    duration_s: z.number().nullish(),
    sample_rate: z.number().nullish(),
    bit_depth: z.number().nullish(),
    channels: z.number().nullish(),
    tags: z.record(z.unknown()).nullish(),
  })
  .passthrough();
export type Found = z.infer<typeof FoundSchema>;

export const UploadStatusSchema = z
  .object({
    upload_id: z.string(),
    filename: z.string().nullish(),
    state: z.enum(UPLOAD_STATES),
    progress: z.number().nullish(),
    errors: z.array(ProblemItemSchema).default([]),
    warnings: z.array(ProblemItemSchema).default([]),
    found: FoundSchema.nullish(),
    asset_id: z.string().nullish(),
    track_id: z.string().nullish(),
    analysis: z.record(z.unknown()).nullish(),
    created_at: z.string().nullish(),
    updated_at: z.string().nullish(),
  })
  .passthrough();
export type UploadStatus = z.infer<typeof UploadStatusSchema>;

export const UploadListSchema = z
  .object({ items: z.array(UploadStatusSchema) })
  .passthrough()
  .or(z.array(UploadStatusSchema).transform((items) => ({ items })));

export function isTerminal(state: UploadState): boolean {
  return state === 'analysed' || state === 'failed';
}

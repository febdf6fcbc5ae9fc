import { z } from 'zod';

const ProblemItemSchema = z
  .object({ message: z.string(), line: z.number().nullish(), field: z.string().nullish() })
  .passthrough();

export const JobStateSchema = z.enum([
  'received',
  'previewed',
  'queued',
  'running',
  'done',
  'failed',
]);
export type JobState = z.infer<typeof JobStateSchema>;

export const MappingPreviewSchema = z
  .object({
    columns: z.array(z.string()),
    sample_rows: z.array(z.array(z.string().nullable())).default([]),
    mapping: z.record(z.string().nullable()).default({}),
    fields: z.array(z.string()).default([]),
  })
  .passthrough();
export type MappingPreview = z.infer<typeof MappingPreviewSchema>;

export const ImportJobSchema = z
  .object({
    import_id: z.string(),
    filename: z.string().nullish(),
    format: z.string().nullish(),
    state: JobStateSchema,
    progress: z.number().nullish(),
    preview: MappingPreviewSchema.nullish(),
    counts: z.record(z.number()).nullish(),
    errors: z.array(ProblemItemSchema).default([]),
    created_at: z.string().nullish(),
  })
  .passthrough();
export type ImportJob = z.infer<typeof ImportJobSchema>;

export const ImportTicketSchema = z
  .object({
    import_id: z.string(),
    upload_url: z.string(),
    method: z.string().default('PUT'),
    headers: z.record(z.string()).default({}),
  })
  .passthrough();
export type ImportTicket = z.infer<typeof ImportTicketSchema>;

export const EXPORT_FORMATS = {
  csv: 'CSV',
  json: 'JSON',
  ddex: 'DDEX ERN 4.3',
  cwr: 'CWR',
} as const;
export type ExportFormat = keyof typeof EXPORT_FORMATS;

export const ExportJobSchema = z
  .object({
    export_id: z.string(),
    format: z.string().nullish(),
    state: JobStateSchema,
    progress: z.number().nullish(),
    download_url: z.string().nullish(),
    filename: z.string().nullish(),
    counts: z.record(z.number()).nullish(),
    errors: z.array(ProblemItemSchema).default([]),
    created_at: z.string().nullish(),
  })
  .passthrough();
export type ExportJob = z.infer<typeof ExportJobSchema>;

export const listOf = <T extends z.ZodTypeAny>(item: T) =>
  z
    .object({ items: z.array(item) })
    .passthrough()
    .or(z.array(item).transform((items) => ({ items })));

export const isFinished = (state: JobState) => state === 'done' || state === 'failed';

import { z } from 'zod';

// Job status documents of imports and exports (the API's batch routes).
export const JOB_STATES = [
  'awaiting_upload',
  'uploaded',
  'queued',
  'running',
  'succeeded',
  'failed',
] as const;
export type JobState = (typeof JOB_STATES)[number];

const ProgressSchema = z
  .object({
    rows: z.number().nullish(),
    percent: z.number().nullish(),
    bytes: z.number().nullish(),
    bytes_total: z.number().nullish(),
  })
  .passthrough();

const FindingSchema = z
  .object({ severity: z.string(), message: z.string(), location: z.string().nullish() })
  .passthrough();

const JobSchema = z
  .object({
    id: z.string(),
    state: z.enum(JOB_STATES),
    progress: ProgressSchema.nullish(),
    counts: z.record(z.unknown()).nullish(),
    failure: z.string().nullish(),
    created_at: z.string().nullish(),
    updated_at: z.string().nullish(),
  })
  .passthrough();

export const ImportJobSchema = JobSchema.extend({
  file: z
    .object({ name: z.string().nullish(), size_bytes: z.number().nullish() })
    .passthrough()
    .nullish(),
  upload_url: z.string().nullish(),
  report_url: z.string().nullish(),
  findings: z
    .object({ first: z.array(FindingSchema).default([]) })
    .passthrough()
    .nullish(),
});
export type ImportJob = z.infer<typeof ImportJobSchema>;

export const ImportListSchema = z.object({ imports: z.array(ImportJobSchema) }).passthrough();

export const PreviewRowSchema = z
  .object({
    row: z.number(),
    values: z.record(z.unknown()).default({}),
    problems: z.array(z.string()).default([]),
  })
  .passthrough();

export const PreviewSchema = z
  .object({
    format: z.string(),
    encoding: z.string().nullish(),
    delimiter: z.string().nullish(),
    mapping: z
      .object({
        columns: z.record(z.string()),
        unmapped: z.array(z.string()).default([]),
        missing_required: z.array(z.string()).default([]),
      })
      .passthrough()
      .nullish(),
    rows: z.array(PreviewRowSchema).default([]),
    problem: z.string().nullish(),
  })
  .passthrough();
export type Preview = z.infer<typeof PreviewSchema>;

export const EXPORT_FORMATS = {
  csv: 'CSV',
  json: 'JSON lines',
  ddex: 'DDEX ERN 4.3',
  cwr: 'CWR',
} as const;
export type ExportFormat = keyof typeof EXPORT_FORMATS;

export const ExportJobSchema = JobSchema.extend({
  request: z
    .object({ format: z.string(), release_ids: z.array(z.string()).default([]) })
    .passthrough()
    .nullish(),
  file_name: z.string().nullish(),
  size_bytes: z.number().nullish(),
  download_url: z.string().nullish(),
  findings: z
    .object({
      blocking: z.number().default(0),
      warning: z.number().default(0),
      first: z.array(FindingSchema).default([]),
    })
    .passthrough()
    .nullish(),
});
export type ExportJob = z.infer<typeof ExportJobSchema>;

export const ExportListSchema = z.object({ exports: z.array(ExportJobSchema) }).passthrough();

export const isFinished = (state: JobState) => state === 'succeeded' || state === 'failed';

/** 0..1 for a progress bar, or null while the amount is unknown. */
export function fractionOf(job: {
  state: JobState;
  progress?: { percent?: number | null } | null;
}): number | null {
  if (job.state === 'succeeded') return 1;
  const percent = job.progress?.percent;
  return percent == null ? null : percent / 100;
}

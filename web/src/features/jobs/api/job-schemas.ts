import type { ApiSchemas } from '@/lib/api-types';

// Job status documents of imports and exports, as the API declares them (JobStatus)
export type ImportJob = ApiSchemas['ImportJobOut'];
export type ImportList = ApiSchemas['ImportListOut'];
export type Preview = ApiSchemas['PreviewOut'];
export type ExportJob = ApiSchemas['ExportJobOut'];
export type ExportList = ApiSchemas['ExportListOut'];
export type JobState = ImportJob['state'];

export const EXPORT_FORMATS = {
  csv: 'CSV',
  json: 'JSON lines',
  ddex: 'DDEX ERN 4.3',
  cwr: 'CWR',
} as const satisfies Record<ApiSchemas['ExportIn']['format'], string>;
export type ExportFormat = keyof typeof EXPORT_FORMATS;

export const isFinished = (state: JobState) =>
  state === 'succeeded' || state === 'failed' || state === 'expired';

/** 0..1 for a progress bar, or null while the amount is unknown. */
export function fractionOf(job: {
  state: JobState;
  progress?: { percent?: number | null } | null;
}): number | null {
  if (job.state === 'succeeded') return 1;
  const percent = job.progress?.percent;
  return percent == null ? null : percent / 100;
}

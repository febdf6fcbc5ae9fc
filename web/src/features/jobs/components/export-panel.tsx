'use client';

import { useState } from 'react';

import { Button } from '@/components/ui/button';
import { ProgressBar } from '@/components/ui/progress-bar';
import { env } from '@/config/env';

import { useExports, useStartExport } from '../api/exports';
import { EXPORT_FORMATS, type ExportFormat, type ExportJob } from '../api/job-schemas';

type ExportPanelProps = { entity?: 'tracks' | 'releases'; ids?: string[] };

/** Start exports (all, or the ids given), follow their progress, download the finished files. */
export function ExportPanel({ entity = 'tracks', ids }: ExportPanelProps) {
  const [format, setFormat] = useState<ExportFormat>('csv');
  const exports = useExports();
  const start = useStartExport();
  return (
    <section aria-labelledby="exports-heading" className="flex flex-col gap-3">
      <h2 id="exports-heading" className="text-lg font-semibold">
        Exports
      </h2>
      <form
        className="flex flex-wrap items-end gap-2"
        aria-label="Start an export"
        onSubmit={(event) => {
          event.preventDefault();
          start.mutate({ format, entity, ids: ids?.length ? ids : undefined });
        }}
      >
        <label className="flex flex-col text-xs font-medium text-slate-600">
          Format
          <select
            value={format}
            onChange={(event) => setFormat(event.target.value as ExportFormat)}
            className="mt-1 rounded border border-slate-300 px-2 py-1 text-sm"
          >
            {Object.entries(EXPORT_FORMATS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <Button type="submit" variant="primary" disabled={start.isPending}>
          {ids?.length ? `Export ${ids.length} selected` : `Export all ${entity}`}
        </Button>
      </form>
      <ul className="flex flex-col gap-2" aria-label="Recent exports">
        {(exports.data?.items ?? []).map((job) => (
          <li key={job.export_id}>
            <ExportRow job={job} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function ExportRow({ job }: { job: ExportJob }) {
  const label = `${EXPORT_FORMATS[job.format as ExportFormat] ?? job.format ?? 'Export'} export`;
  const href = job.download_url?.startsWith('/')
    ? `${env.apiOrigin}${job.download_url}`
    : job.download_url;
  return (
    <div
      className="flex flex-col gap-1 rounded border border-slate-200 bg-white p-2 text-sm"
      data-state={job.state}
    >
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium">{label}</span>
        {job.created_at && (
          <time className="text-xs text-slate-500">
            {new Date(job.created_at).toLocaleString()}
          </time>
        )}
        <span className="text-xs text-slate-600">{job.state}</span>
        {job.state === 'done' && href && (
          <a
            href={href}
            download={job.filename ?? undefined}
            className="ml-auto rounded bg-emerald-700 px-2 py-1 text-xs font-medium text-white hover:bg-emerald-800"
          >
            Download {job.filename ?? ''}
          </a>
        )}
      </div>
      {(job.state === 'queued' || job.state === 'running' || job.state === 'received') && (
        <ProgressBar value={job.progress ?? null} label={`Progress of the ${label}`} />
      )}
      {job.errors.map((problem, index) => (
        <p key={index} className="text-xs text-red-800">
          {problem.message}
        </p>
      ))}
    </div>
  );
}

'use client';

import { useState } from 'react';

import { Button } from '@/components/ui/button';
import { ProgressBar } from '@/components/ui/progress-bar';
import { followPageHost } from '@/lib/transfer-file';

import { useExportDownload, useExports, useStartExport } from '../api/exports';
import { EXPORT_FORMATS, fractionOf, type ExportFormat, type ExportJob } from '../api/job-schemas';

type ExportPanelProps = { releaseIds?: string[] };

/** Start exports (the whole catalog, or the releases given), follow them, download the files. */
export function ExportPanel({ releaseIds }: ExportPanelProps) {
  const [format, setFormat] = useState<ExportFormat>('csv');
  const exports = useExports();
  const start = useStartExport();
  const some = Boolean(releaseIds?.length);
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
          start.mutate({ format, release_ids: some ? releaseIds : undefined });
        }}
      >
        <label className="flex flex-col text-xs font-medium text-slate-600">
          Format
          <select
            aria-label="Format"
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
          {some ? `Export ${releaseIds?.length} selected releases` : 'Export the catalog'}
        </Button>
      </form>
      <p className="text-xs text-slate-500">
        {format === 'csv' || format === 'json'
          ? 'Each row ends with ai_unreviewed: the fields an AI set and no person reviewed yet.'
          : format === 'ddex'
            ? 'DDEX ERN has no place to mark AI values: review them first (catalog filter "Low AI confidence"), or check ai_unreviewed in a CSV export.'
            : null}
      </p>
      <ul className="flex flex-col gap-2" aria-label="Recent exports">
        {(exports.data?.exports ?? []).map((job) => (
          <li key={job.id}>
            <ExportRow job={job} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function ExportRow({ job }: { job: ExportJob }) {
  const format = (job.request?.format ?? '') as ExportFormat;
  const label = `${EXPORT_FORMATS[format] ?? format} export`;
  const download = useExportDownload(job.id, job.state === 'succeeded');
  const url = download.data;
  const href = url ? followPageHost(url) : url;
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
        {href && (
          <a
            href={href}
            download={job.file_name ?? undefined}
            className="ml-auto rounded bg-emerald-700 px-2 py-1 text-xs font-medium text-white hover:bg-emerald-800"
          >
            Download {job.file_name ?? ''}
          </a>
        )}
      </div>
      {(job.state === 'queued' || job.state === 'running') && (
        <ProgressBar value={fractionOf(job)} label={`Progress of the ${label}`} />
      )}
      {job.failure && <p className="text-xs text-red-800">{job.failure}</p>}
      {job.findings && (job.findings.blocking > 0 || job.findings.warning > 0) && (
        <p className="text-xs text-amber-800">
          {job.findings.blocking} blocking, {job.findings.warning} warnings
          {job.findings.first[0] ? ` — first: ${job.findings.first[0].message}` : ''}
        </p>
      )}
    </div>
  );
}

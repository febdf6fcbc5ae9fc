'use client';

import Link from 'next/link';

import { Button } from '@/components/ui/button';
import { ProgressBar } from '@/components/ui/progress-bar';
import { errorText } from '@/lib/problem';

import { useUploadStatus } from '../api/get-upload';
import { useRetryUpload } from '../api/retry-upload';
import type { UploadState, UploadStatus } from '../api/upload-schemas';
import { FoundFacts } from './found-facts';

const STEPS: { state: UploadState; label: string }[] = [
  { state: 'received', label: 'Received' },
  { state: 'extracted', label: 'Extracted' },
  { state: 'queued', label: 'Queued' },
  { state: 'analysed', label: 'Analysed' },
];

const STEP_INDEX: Record<UploadState, number> = {
  awaiting_upload: -1,
  received: 0,
  extracted: 1,
  queued: 2,
  analysed: 3,
  failed: -1,
};

/** The stage reached, for screen readers and the visible step list. */
export function describeState(status: UploadStatus): string {
  if (status.state === 'failed') return 'Failed';
  if (status.state === 'awaiting_upload') return 'Waiting for the file';
  return STEPS[STEP_INDEX[status.state]]?.label ?? status.state;
}

export function PipelineSteps({ status }: { status: UploadStatus }) {
  const reached = STEP_INDEX[status.state];
  return (
    <ol className="flex flex-wrap items-center gap-1 text-xs" aria-label="Pipeline">
      {STEPS.map((step, index) => {
        const done = reached >= index;
        return (
          <li
            key={step.state}
            aria-current={reached === index ? 'step' : undefined}
            className={`rounded-full px-2 py-0.5 ${done ? 'bg-emerald-100 text-emerald-900' : 'bg-slate-100 text-slate-500'}`}
          >
            {step.label}
          </li>
        );
      })}
      {status.state === 'failed' && (
        <li className="rounded-full bg-red-100 px-2 py-0.5 text-red-900">Failed</li>
      )}
    </ol>
  );
}

/** The compare screen of a duplicate: the catalog's track kept, this upload's merged into it. */
const compareHref = (kept: string, other: string) =>
  `/compare?a=${encodeURIComponent(kept)}&b=${encodeURIComponent(other)}`;

/** Live status of an upload in the pipeline: steps, progress, what was found, errors, retry. */
export function PipelineStatus({
  uploadId,
  activeUploads,
}: {
  uploadId: string;
  activeUploads: number;
}) {
  const { data: status, error, isPending } = useUploadStatus(uploadId, activeUploads);
  const retry = useRetryUpload();
  if (isPending) return <p className="text-xs text-slate-500">Waiting for the pipeline…</p>;
  if (!status) return <p className="text-xs text-red-700">{errorText(error)}</p>;
  const failed = status.state === 'failed';
  return (
    <div className="flex flex-col gap-1" data-state={status.state}>
      <div className="flex flex-wrap items-center gap-2">
        <PipelineSteps status={status} />
        <span className="sr-only" role="status">
          {describeState(status)}
        </span>
        {failed && (
          <Button size="sm" onClick={() => retry.mutate(uploadId)} disabled={retry.isPending}>
            Retry
          </Button>
        )}
        {status.track_id && status.state === 'analysed' && (
          <Link
            className="text-xs text-indigo-800 underline"
            href={`/track/?id=${encodeURIComponent(status.track_id)}`}
          >
            Open track
          </Link>
        )}
      </div>
      {!failed && status.state !== 'analysed' && status.progress != null && (
        <ProgressBar
          value={status.progress}
          label={`Pipeline progress of ${status.filename ?? uploadId}`}
        />
      )}
      {status.errors.map((problem, index) => (
        <p key={index} className="text-xs text-red-800">
          {problem.message}
        </p>
      ))}
      {status.warnings.map((problem, index) => (
        <p key={index} className="text-xs text-amber-800">
          {problem.message}
        </p>
      ))}
      {status.duplicate_track_id && status.track_id && (
        <Link
          className="text-xs text-indigo-800 underline"
          href={compareHref(status.duplicate_track_id, status.track_id)}
        >
          Compare with the track it duplicates
        </Link>
      )}
      {status.found && <FoundFacts found={status.found} />}
    </div>
  );
}

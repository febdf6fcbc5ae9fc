'use client';

import { Button } from '@/components/ui/button';
import { ProgressBar } from '@/components/ui/progress-bar';

import type { QueuedFile } from '../hooks/use-upload-queue';
import { PipelineStatus } from './pipeline-status';

const PHASE_TEXT = {
  waiting: 'Waiting to send',
  requesting: 'Preparing',
  transferring: 'Sending',
  transferred: 'Sent',
  failed: 'Not sent',
};

function size(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

type UploadRowProps = {
  item: QueuedFile;
  activeUploads: number;
  onRetryTransfer: (key: string) => void;
  onCancel: (key: string) => void;
};

export function UploadRow({ item, activeUploads, onRetryTransfer, onCancel }: UploadRowProps) {
  const sending =
    item.phase === 'requesting' || item.phase === 'transferring' || item.phase === 'waiting';
  return (
    <li
      className="flex flex-col gap-1 border-b border-slate-200 py-2"
      aria-label={item.path}
      data-phase={item.phase}
    >
      <div className="flex flex-wrap items-center gap-2">
        <span className="min-w-0 flex-1 truncate font-medium" title={item.path}>
          {item.path}
        </span>
        <span className="text-xs text-slate-500">{size(item.file.size)}</span>
        <span className="text-xs text-slate-600">{PHASE_TEXT[item.phase]}</span>
        {sending && (
          <Button
            size="sm"
            variant="ghost"
            onClick={() => onCancel(item.key)}
            aria-label={`Cancel ${item.path}`}
          >
            Cancel
          </Button>
        )}
        {item.phase === 'failed' && (
          <Button
            size="sm"
            onClick={() => onRetryTransfer(item.key)}
            aria-label={`Send ${item.path} again`}
          >
            Retry
          </Button>
        )}
      </div>
      {item.phase !== 'transferred' && (
        <ProgressBar
          value={item.phase === 'waiting' || item.phase === 'requesting' ? 0 : item.progress}
          label={`Transfer of ${item.path}`}
          tone={item.phase === 'failed' ? 'failed' : 'active'}
        />
      )}
      {item.error && (
        <p role="alert" className="text-sm text-red-800">
          {item.error}
        </p>
      )}
      {item.phase === 'transferred' && item.uploadId && (
        <PipelineStatus uploadId={item.uploadId} activeUploads={activeUploads} />
      )}
    </li>
  );
}

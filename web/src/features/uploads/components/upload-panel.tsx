'use client';

import { useRecentUploads } from '../api/list-uploads';
import { isTerminal } from '../api/upload-schemas';
import { useUploadQueue } from '../hooks/use-upload-queue';
import { DropZone } from './drop-zone';
import { PipelineStatus } from './pipeline-status';
import { UploadRow } from './upload-row';

/** The upload screen: drop zone, the files being sent, and uploads started earlier. */
export function UploadPanel() {
  const queue = useUploadQueue();
  const recent = useRecentUploads();
  const localIds = new Set(queue.files.map((item) => item.uploadId).filter(Boolean));
  const earlier = (recent.data?.items ?? []).filter((status) => !localIds.has(status.upload_id));
  const active =
    queue.files.filter((item) => item.phase !== 'failed').length +
    earlier.filter((s) => !isTerminal(s.state)).length;
  const failed = queue.files.filter((item) => item.phase === 'failed').length;

  return (
    <div className="flex flex-col gap-6">
      <DropZone onFiles={queue.addFiles} />
      {queue.files.length > 0 && (
        <section aria-labelledby="sending-heading">
          <h2 id="sending-heading" className="mb-2 text-lg font-semibold">
            This session{' '}
            <span className="text-sm font-normal text-slate-500">
              ({queue.files.length} files{failed ? `, ${failed} not sent` : ''})
            </span>
          </h2>
          <ul aria-label="Files in this session">
            {queue.files.map((item) => (
              <UploadRow
                key={item.key}
                item={item}
                activeUploads={Math.max(1, active)}
                onRetryTransfer={queue.retryTransfer}
                onCancel={queue.cancel}
              />
            ))}
          </ul>
        </section>
      )}
      {earlier.length > 0 && (
        <section aria-labelledby="earlier-heading">
          <h2 id="earlier-heading" className="mb-2 text-lg font-semibold">
            Earlier uploads
          </h2>
          <ul aria-label="Earlier uploads">
            {earlier.map((status) => (
              <li
                key={status.upload_id}
                className="flex flex-col gap-1 border-b border-slate-200 py-2"
              >
                <span className="truncate font-medium">{status.filename ?? status.upload_id}</span>
                <PipelineStatus uploadId={status.upload_id} activeUploads={Math.max(1, active)} />
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

import { useCallback, useEffect, useReducer, useRef } from 'react';

import { errorText } from '@/lib/problem';
import { transferFile } from '@/lib/transfer-file';

import { createUpload } from '../api/create-upload';
import { contentTypeOf, type PickedFile } from '../lib/files-from-drop';

export type TransferPhase = 'waiting' | 'requesting' | 'transferring' | 'transferred' | 'failed';

export type QueuedFile = {
  key: string;
  path: string;
  file: File;
  phase: TransferPhase;
  progress: number; // 0..1 of the transfer
  error: string | null;
  uploadId: string | null;
};

type Action =
  | { type: 'add'; files: QueuedFile[] }
  | { type: 'update'; key: string; changes: Partial<QueuedFile> }
  | { type: 'remove'; key: string };

function reducer(state: QueuedFile[], action: Action): QueuedFile[] {
  switch (action.type) {
    case 'add':
      return [...action.files, ...state];
    case 'update':
      return state.map((item) => (item.key === action.key ? { ...item, ...action.changes } : item));
    case 'remove':
      return state.filter((item) => item.key !== action.key);
  }
}

export const MAX_PARALLEL_TRANSFERS = 3;
let sequence = 0;

/**
 * Files being sent: each gets a signed URL, then its bytes go up with a progress bar, a few at a
 * time. A failure is kept on its own file; the others go on.
 */
export function useUploadQueue(transferLimit = MAX_PARALLEL_TRANSFERS) {
  const [files, dispatch] = useReducer(reducer, []);
  const running = useRef(new Set<string>());
  const controllers = useRef(new Map<string, AbortController>());

  const update = useCallback(
    (key: string, changes: Partial<QueuedFile>) => dispatch({ type: 'update', key, changes }),
    [],
  );

  const send = useCallback(
    async (item: QueuedFile) => {
      const controller = new AbortController();
      controllers.current.set(item.key, controller);
      try {
        update(item.key, { phase: 'requesting', error: null, progress: 0 });
        const ticket = await createUpload({
          filename: item.path,
          size_bytes: item.file.size,
          content_type: contentTypeOf(item.file),
        });
        update(item.key, { phase: 'transferring', uploadId: ticket.upload_id });
        await transferFile(item.file, ticket, {
          signal: controller.signal,
          onProgress: (progress) => update(item.key, { progress }),
        });
        update(item.key, { phase: 'transferred', progress: 1 });
      } catch (error) {
        const cancelled = error instanceof DOMException && error.name === 'AbortError';
        update(item.key, { phase: 'failed', error: cancelled ? 'Cancelled' : errorText(error) });
      } finally {
        controllers.current.delete(item.key);
        running.current.delete(item.key);
      }
    },
    [update],
  );

  // start waiting files while fewer than transferLimit are running
  useEffect(() => {
    for (const item of [...files].reverse()) {
      if (running.current.size >= transferLimit) break;
      if (item.phase !== 'waiting' || running.current.has(item.key)) continue;
      running.current.add(item.key);
      void send(item);
    }
  }, [files, send, transferLimit]);

  const addFiles = useCallback((picked: PickedFile[]) => {
    const queued = picked.map(({ file, path }): QueuedFile => ({
      key: `${++sequence}:${path}`,
      path,
      file,
      phase: 'waiting',
      progress: 0,
      error: null,
      uploadId: null,
    }));
    dispatch({ type: 'add', files: queued.reverse() });
  }, []);

  /** Send a file again whose transfer failed (a pipeline failure is retried by the server). */
  const retryTransfer = useCallback(
    (key: string) => update(key, { phase: 'waiting', error: null, uploadId: null }),
    [update],
  );

  const cancel = useCallback((key: string) => {
    const controller = controllers.current.get(key);
    if (controller) controller.abort();
    else dispatch({ type: 'remove', key });
  }, []);

  /** Forget a finished row (its upload stays on the server's list). */
  const remove = useCallback((key: string) => dispatch({ type: 'remove', key }), []);

  return { files, addFiles, retryTransfer, cancel, remove };
}

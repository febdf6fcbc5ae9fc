'use client';

import { useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';

import { Button } from '@/components/ui/button';
import { errorText } from '@/lib/problem';

import { setRecordingWork, useRecordingSearch, useRecordingsOfWork } from '../api/works';

/** The recordings of a work, linked and unlinked from the work's side. */
export function WorkRecordings({ workId }: { workId: string }) {
  const recordings = useRecordingsOfWork(workId);
  const [q, setQ] = useState('');
  const search = useRecordingSearch(q);
  const [error, setError] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const linked = recordings.data?.items ?? [];

  async function link(trackId: string, target: string | null) {
    try {
      await setRecordingWork(trackId, target);
      setError(null);
      void queryClient.invalidateQueries({ queryKey: ['tracks'] });
    } catch (failure) {
      setError(errorText(failure));
    }
  }

  return (
    <section aria-labelledby="recordings-heading" className="flex flex-col gap-2">
      <h2 id="recordings-heading" className="font-semibold">
        Recordings of this work
      </h2>
      {linked.length === 0 ? (
        <p className="text-sm text-slate-500">No recording is linked yet.</p>
      ) : (
        <ul className="text-sm">
          {linked.map((track) => (
            <li key={track.id} className="flex items-center gap-2">
              <Link href={`/track/?id=${track.id}`} className="text-indigo-800 underline">
                {track.title}
              </Link>
              {track.isrc ? <span className="text-slate-500">{track.isrc}</span> : null}
              <Button
                size="sm"
                variant="ghost"
                aria-label={`Unlink ${track.title}`}
                onClick={() => void link(track.id, null)}
              >
                Unlink
              </Button>
            </li>
          ))}
        </ul>
      )}
      <label className="flex flex-col text-xs font-medium text-slate-600">
        Find a recording to link
        <input
          type="search"
          value={q}
          onChange={(event) => setQ(event.target.value)}
          className="mt-1 w-72 rounded border border-slate-300 px-2 py-1 text-sm"
        />
      </label>
      <ul className="text-sm">
        {(search.data?.items ?? []).map((track) => (
          <li key={track.id} className="flex items-center gap-2">
            <span>
              {track.title}
              {track.display_artist ? ` · ${track.display_artist}` : ''}
            </span>
            <Button
              size="sm"
              aria-label={`Link ${track.title}`}
              disabled={track.work_id === workId}
              onClick={() => void link(track.id, workId)}
            >
              Link
            </Button>
          </li>
        ))}
      </ul>
      {error ? (
        <p role="alert" className="text-xs text-red-800">
          {error}
        </p>
      ) : null}
    </section>
  );
}

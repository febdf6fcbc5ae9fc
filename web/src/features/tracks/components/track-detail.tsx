'use client';

import Link from 'next/link';
import { useEffect } from 'react';

import { Spinner } from '@/components/ui/spinner';
import { errorText } from '@/lib/problem';

import { useTrack } from '../api/get-track';
import { useUpdateTrack } from '../api/update-track';
import { formatDuration, formatIsrc } from '../lib/format';
import { AiSuggestions } from './ai-suggestions';
import { AnalysisStatus } from './analysis-status';
import { ContributorsEditor } from './contributors-editor';
import { FieldHistory } from './field-history';
import { LinkedWork } from './linked-work';
import { MasterSplitsEditor } from './master-splits-editor';
import { SoundsLike } from './sounds-like';
import { TrackFields } from './track-fields';
import { TrackTimeline } from './track-timeline';
import { Waveform } from './waveform';

/** One track: listen, review every value and its source, decide on AI suggestions, undo. */
export function TrackDetail({ trackId }: { trackId: string }) {
  const { data: track, error, isPending } = useTrack(trackId);
  const update = useUpdateTrack();

  // a validation finding links here with #field-<name>: bring that field into view and focus it
  useEffect(() => {
    if (!track || !window.location.hash.startsWith('#field-')) return;
    const target = document.getElementById(window.location.hash.slice(1));
    target?.scrollIntoView({ block: 'center' });
    target?.querySelector<HTMLElement>('button, input')?.focus();
  }, [track]);

  if (isPending) return <Spinner label="Loading the track" />;
  if (!track) return <p role="alert">{errorText(error)}</p>;
  return (
    <div className="flex flex-col gap-6">
      <header>
        <h1 className="text-2xl font-semibold">{track.title}</h1>
        <p className="text-slate-600">
          {[track.display_artist, formatIsrc(track.isrc), formatDuration(track.duration_ms)]
            .filter(Boolean)
            .join(' · ')}
          {track.release_id && (
            <>
              {' · '}
              <Link
                href={`/release/?id=${encodeURIComponent(track.release_id)}`}
                className="text-indigo-800 underline"
              >
                release
              </Link>
            </>
          )}
        </p>
      </header>
      <Waveform
        trackId={track.id}
        durationS={track.duration_ms ? track.duration_ms / 1000 : null}
        preview={{
          startS: track.preview_start_s ?? null,
          onChoose: (startS) =>
            update.mutate({ trackId: track.id, changes: { preview_start_s: startS } }),
          saving: update.isPending,
        }}
      />
      <TrackTimeline trackId={track.id} />
      {update.isError && (
        <p role="alert" className="text-sm text-red-800">
          The preview start was not saved: {errorText(update.error)}
        </p>
      )}
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[3fr_2fr]">
        <div className="flex min-w-0 flex-col gap-6">
          <TrackFields track={track} />
          <ContributorsEditor key={track.id} track={track} />
          <MasterSplitsEditor key={`splits-${track.id}`} track={track} />
          <LinkedWork track={track} />
        </div>
        <div className="flex min-w-0 flex-col gap-6">
          <AnalysisStatus trackId={track.id} />
          <AiSuggestions trackId={track.id} />
          <SoundsLike trackId={track.id} />
          <FieldHistory trackId={track.id} />
        </div>
      </div>
    </div>
  );
}

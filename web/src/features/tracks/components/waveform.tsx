'use client';

import { useEffect, useRef, useState } from 'react';

import { Button } from '@/components/ui/button';
import { ApiError, errorText } from '@/lib/problem';

import { useTrackAudio } from '../api/track-audio';

type Player = {
  playPause: () => void;
  play: (start?: number, end?: number) => Promise<void>;
  destroy: () => void;
  getCurrentTime: () => number;
  getDuration: () => number;
};

export const PREVIEW_LENGTH_S = 30; // the server's default clip length

type Preview = {
  startS: number | null;
  /** Set by a person: the start the playhead is at (the page PATCHes it). */
  onChoose?: (startS: number) => void;
  saving?: boolean;
};

/** The track's waveform with playback (wavesurfer.js, loaded only on this page); with
 * ``preview``, the suggested 30 s clip drawn over it, playable, and movable to the playhead. */
export function Waveform({
  trackId,
  durationS,
  preview,
}: {
  trackId: string;
  durationS?: number | null;
  preview?: Preview;
}) {
  const container = useRef<HTMLDivElement>(null);
  const player = useRef<Player | null>(null);
  const audio = useTrackAudio(trackId);
  const [state, setState] = useState<'loading' | 'ready' | 'playing' | 'failed'>('loading');
  const [position, setPosition] = useState('0:00');
  const [seconds, setSeconds] = useState(0);
  const [loadedS, setLoadedS] = useState<number | null>(null);
  const url = audio.data;
  const lengthS = loadedS || durationS || null;

  useEffect(() => {
    if (!url || !container.current) return;
    let cancelled = false;
    void import('wavesurfer.js')
      .then(({ default: WaveSurfer }) => {
        if (cancelled || !container.current) return;
        const surfer = WaveSurfer.create({
          container: container.current,
          url,
          height: 96,
          waveColor: '#a5b4fc',
          progressColor: '#4338ca',
          cursorColor: '#1e1b4b',
          normalize: true,
        });
        surfer.on('ready', () => {
          setLoadedS(surfer.getDuration() || null);
          setState('ready');
        });
        surfer.on('play', () => setState('playing'));
        surfer.on('pause', () => setState('ready'));
        surfer.on('timeupdate', (time: number) => {
          setPosition(clock(time));
          setSeconds(time);
        });
        surfer.on('error', () => setState('failed'));
        player.current = surfer;
      })
      .catch(() => setState('failed'));
    return () => {
      cancelled = true;
      player.current?.destroy();
      player.current = null;
    };
  }, [url]);

  if (audio.error instanceof ApiError && audio.error.status === 404)
    return <p className="text-sm text-slate-500">No audio is kept for this track.</p>;
  if (audio.isError || state === 'failed')
    return (
      <p className="text-sm text-red-800">
        The audio could not be loaded{audio.error ? `: ${errorText(audio.error)}` : '.'}
      </p>
    );
  return (
    <div className="flex flex-col gap-2">
      <div className="relative">
        <div
          ref={container}
          aria-label="Waveform"
          role="img"
          className="min-h-24 w-full rounded bg-slate-100"
        />
        {preview && preview.startS !== null && lengthS ? (
          <div
            data-testid="preview-band"
            aria-hidden
            className="pointer-events-none absolute inset-y-0 rounded border-2 border-amber-500 bg-amber-200/30"
            style={previewBand(preview.startS, lengthS)}
          />
        ) : null}
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <Button
          variant="primary"
          disabled={state === 'loading'}
          onClick={() => player.current?.playPause()}
          aria-label={state === 'playing' ? 'Pause' : 'Play'}
        >
          {state === 'playing' ? 'Pause' : 'Play'}
        </Button>
        <span className="text-sm text-slate-600" aria-live="off">
          {state === 'loading'
            ? 'Loading audio…'
            : `${position} / ${clock(player.current?.getDuration() ?? 0)}`}
        </span>
        {preview ? (
          <span className="flex items-center gap-2 text-sm text-slate-600">
            {preview.startS === null
              ? 'No preview clip yet'
              : `Preview ${clock(preview.startS)}–${clock(preview.startS + PREVIEW_LENGTH_S)}`}
            {preview.startS !== null && (
              <Button
                size="sm"
                disabled={state === 'loading'}
                onClick={() => {
                  const start = preview.startS ?? 0;
                  void player.current?.play(start, start + PREVIEW_LENGTH_S);
                }}
              >
                Play preview
              </Button>
            )}
            {preview.onChoose && (
              <Button
                size="sm"
                disabled={state === 'loading' || preview.saving}
                onClick={() => preview.onChoose?.(Math.round(seconds * 10) / 10)}
              >
                Start preview at {position}
              </Button>
            )}
          </span>
        ) : null}
      </div>
    </div>
  );
}

/** Where the clip sits over the waveform, in % of the track's length. */
export function previewBand(startS: number, lengthS: number): { left: string; width: string } {
  const left = Math.min(100, (100 * startS) / lengthS);
  const width = Math.min(100 - left, (100 * PREVIEW_LENGTH_S) / lengthS);
  return { left: `${left.toFixed(2)}%`, width: `${width.toFixed(2)}%` };
}

function clock(seconds: number): string {
  const whole = Math.floor(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

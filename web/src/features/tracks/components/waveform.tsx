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
  const band = useRef<HTMLDivElement>(null);
  const drag = useRef<{ x: number; start: number } | null>(null);
  const [draggedS, setDraggedS] = useState<number | null>(null);
  const savedS = preview?.startS ?? null;
  const shownS = draggedS ?? savedS;
  useEffect(() => setDraggedS(null), [savedS]); // the saved value has caught up (or changed)

  function choose(startS: number) {
    if (!lengthS || !preview?.onChoose) return;
    const start = clampStart(startS, lengthS);
    setDraggedS(start);
    preview.onChoose(start);
  }

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
        {preview && shownS !== null && lengthS ? (
          // z-10: wavesurfer's wrapper is stacked at z-index 2, above an unstacked band, and would
          // take the pointer (a drag on the band seeked the audio instead; found in chromium)
          <div
            ref={band}
            data-testid="preview-band"
            role={preview.onChoose ? 'slider' : undefined}
            aria-hidden={preview.onChoose ? undefined : true}
            aria-label={preview.onChoose ? 'Preview start: drag, or use the arrow keys' : undefined}
            aria-valuemin={preview.onChoose ? 0 : undefined}
            aria-valuemax={preview.onChoose ? Math.round(lengthS) : undefined}
            aria-valuenow={preview.onChoose ? shownS : undefined}
            aria-valuetext={preview.onChoose ? clock(shownS) : undefined}
            tabIndex={preview.onChoose ? 0 : undefined}
            className={`absolute inset-y-0 z-10 touch-none rounded border-2 border-amber-500 bg-amber-200/30 ${
              preview.onChoose ? 'cursor-grab active:cursor-grabbing' : 'pointer-events-none'
            }`}
            style={previewBand(shownS, lengthS)}
            onPointerDown={(event) => {
              if (!preview.onChoose || preview.saving) return;
              drag.current = { x: event.clientX, start: shownS };
              event.currentTarget.setPointerCapture?.(event.pointerId);
            }}
            onPointerMove={(event) => {
              const width = band.current?.parentElement?.getBoundingClientRect().width;
              if (!drag.current || !width) return;
              const moved = ((event.clientX - drag.current.x) / width) * lengthS;
              setDraggedS(clampStart(drag.current.start + moved, lengthS));
            }}
            onPointerUp={() => {
              if (!drag.current) return;
              drag.current = null;
              if (draggedS !== null && draggedS !== savedS) choose(draggedS);
            }}
            onKeyDown={(event) => {
              const step = event.shiftKey ? 5 : 1;
              if (event.key === 'ArrowLeft') choose(shownS - step);
              else if (event.key === 'ArrowRight') choose(shownS + step);
              else return;
              event.preventDefault();
            }}
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
            {shownS === null
              ? 'No preview clip yet'
              : `Preview ${clock(shownS)}–${clock(shownS + PREVIEW_LENGTH_S)}`}
            {shownS !== null && (
              <Button
                size="sm"
                disabled={state === 'loading'}
                onClick={() => {
                  const start = shownS ?? 0;
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
                onClick={() => choose(seconds)}
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

/** A start the whole clip fits after (0 for a track shorter than the clip), to a tenth. */
export function clampStart(startS: number, lengthS: number): number {
  const latest = Math.max(0, lengthS - PREVIEW_LENGTH_S);
  return Math.round(Math.min(latest, Math.max(0, startS)) * 10) / 10;
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

'use client';

import { useEffect, useRef, useState } from 'react';

import { Button } from '@/components/ui/button';
import { ApiError, errorText } from '@/lib/problem';

import { useTrackAudio } from '../api/track-audio';

type Player = {
  playPause: () => void;
  destroy: () => void;
  getCurrentTime: () => number;
  getDuration: () => number;
};

/** The track's waveform with playback (wavesurfer.js, loaded only on this page). */
export function Waveform({ trackId }: { trackId: string }) {
  const container = useRef<HTMLDivElement>(null);
  const player = useRef<Player | null>(null);
  const audio = useTrackAudio(trackId);
  const [state, setState] = useState<'loading' | 'ready' | 'playing' | 'failed'>('loading');
  const [position, setPosition] = useState('0:00');
  const url = audio.data;

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
        surfer.on('ready', () => setState('ready'));
        surfer.on('play', () => setState('playing'));
        surfer.on('pause', () => setState('ready'));
        surfer.on('timeupdate', (time: number) => setPosition(clock(time)));
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
      <div
        ref={container}
        aria-label="Waveform"
        role="img"
        className="min-h-24 w-full rounded bg-slate-100"
      />
      <div className="flex items-center gap-3">
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
      </div>
    </div>
  );
}

function clock(seconds: number): string {
  const whole = Math.floor(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

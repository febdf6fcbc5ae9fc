'use client';

import Link from 'next/link';
import { useRef, useState } from 'react';

import { Button } from '@/components/ui/button';
import { env } from '@/config/env';
import { ApiError, errorText } from '@/lib/problem';

import { useSimilarTracks } from '../api/similar-tracks';
import { getTrackAudio } from '../api/track-audio';

/** "Sounds like": the partner's nearest tracks by audio, each with a play button. */
export function SoundsLike({ trackId }: { trackId: string }) {
  const similar = useSimilarTracks(trackId);
  const audio = useRef<HTMLAudioElement | null>(null);
  const [playing, setPlaying] = useState<string | null>(null);

  const toggle = async (id: string) => {
    audio.current?.pause();
    if (playing === id) {
      setPlaying(null);
      return;
    }
    try {
      const { url } = await getTrackAudio(id);
      audio.current = new Audio(url.startsWith('/') ? `${env.apiOrigin}${url}` : url);
      audio.current.onended = () => setPlaying(null);
      await audio.current.play();
      setPlaying(id);
    } catch {
      setPlaying(null);
    }
  };

  const unavailable = similar.error instanceof ApiError && similar.error.status === 503;
  const items = similar.data?.items ?? [];
  return (
    <section aria-labelledby="sounds-like-heading" className="flex flex-col gap-2">
      <h2 id="sounds-like-heading" className="font-semibold">
        Sounds like
      </h2>
      {similar.isPending && <p className="text-sm text-slate-500">Loading…</p>}
      {unavailable && (
        <p className="text-sm text-slate-500">
          Similar-track search is not available on this server (it needs pgvector).
        </p>
      )}
      {similar.error && !unavailable && (
        <p role="alert" className="text-sm">
          {errorText(similar.error)}
        </p>
      )}
      {similar.isSuccess && items.length === 0 && (
        <p className="text-sm text-slate-500">No similar tracks yet (analysed tracks only).</p>
      )}
      <ol className="flex flex-col gap-1 text-sm">
        {items.map(({ track, score }) => (
          <li
            key={track.id}
            className="flex items-center gap-2 rounded border border-slate-200 bg-white p-2"
          >
            <Button
              size="sm"
              variant="ghost"
              aria-label={`${playing === track.id ? 'Pause' : 'Play'} ${track.title}`}
              onClick={() => void toggle(track.id)}
            >
              {playing === track.id ? 'Pause' : 'Play'}
            </Button>
            <Link
              href={`/track/?id=${encodeURIComponent(track.id)}`}
              className="text-indigo-800 underline"
            >
              {track.title}
            </Link>
            <span className="text-slate-600">{track.display_artist}</span>
            <span className="ml-auto text-xs text-slate-500">{Math.round(score * 100)}% alike</span>
          </li>
        ))}
      </ol>
    </section>
  );
}

'use client';

import { errorText } from '@/lib/problem';

import { useTrackTimeline, type TimelineSegment } from '../api/track-timeline';

const MOOD_COLOURS: Record<string, string> = {
  calm: 'bg-sky-300',
  energetic: 'bg-orange-400',
  happy: 'bg-yellow-300',
  romantic: 'bg-pink-300',
  sad: 'bg-blue-500',
  dark: 'bg-slate-700',
};
const GENRE_COLOURS = [
  'bg-emerald-300',
  'bg-violet-300',
  'bg-amber-300',
  'bg-rose-300',
  'bg-cyan-300',
  'bg-lime-300',
  'bg-fuchsia-300',
  'bg-teal-300',
];

/** A stable colour per genre name (the taxonomy is open-ended). */
export function genreColour(genre: string): string {
  let hash = 0;
  for (const char of genre) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return GENRE_COLOURS[hash % GENRE_COLOURS.length] as string;
}

/** Genre and mood along the track: one full-width band each (the waveform's time scale), a cell
 * per segment in its strongest label's colour, as wide as the segment is long; the scores are in
 * each cell's label. */
export function TrackTimeline({ trackId }: { trackId: string }) {
  const timeline = useTrackTimeline(trackId);
  if (timeline.isPending) return null;
  if (timeline.isError)
    return (
      <p className="text-sm text-red-800">
        The timeline could not be loaded: {errorText(timeline.error)}
      </p>
    );
  const segments = timeline.data.segments;
  if (segments.length === 0)
    return (
      <p className="text-sm text-slate-500">
        No genre and mood timeline yet: the track&apos;s audio has not been analysed.
      </p>
    );
  return (
    <figure aria-label="Genre and mood along the track" className="flex flex-col gap-1">
      <Band name="Genre" segments={segments} pick={(s) => s.genres} colour={genreColour} />
      <Band
        name="Mood"
        segments={segments}
        pick={(s) => s.moods}
        colour={(mood) => MOOD_COLOURS[mood] ?? 'bg-slate-300'}
      />
      <figcaption className="text-xs text-slate-500">
        Under the waveform, on the same time scale: the strongest genre (top band) and mood (bottom
        band) per stretch; hover a stretch for its scores ({timeline.data.model}, not calibrated).
      </figcaption>
    </figure>
  );
}

function Band({
  name,
  segments,
  pick,
  colour,
}: {
  name: string;
  segments: TimelineSegment[];
  pick: (segment: TimelineSegment) => { label: string; score: number }[];
  colour: (label: string) => string;
}) {
  return (
    <div>
      <ol aria-label={name} className="flex h-6 w-full overflow-hidden rounded">
        {segments.map((segment) => {
          const labels = pick(segment);
          const top = labels[0];
          const span = `${clock(segment.start_s)}–${clock(segment.end_s)}`;
          const scores = labels
            .slice(0, 3)
            .map((l) => `${l.label} ${Math.round(l.score * 100)} %`)
            .join(', ');
          return (
            <li
              key={segment.start_s}
              aria-label={`${span}: ${scores || 'nothing'}`}
              title={`${span}: ${scores || 'nothing'}`}
              style={{ flexGrow: Math.max(segment.end_s - segment.start_s, 0.1), flexBasis: 0 }}
              className={`min-w-0 truncate border-r border-white px-1 text-[10px] leading-6 ${
                top ? colour(top.label) : 'bg-slate-100'
              } ${top && colour(top.label) === 'bg-slate-700' ? 'text-white' : 'text-slate-900'}`}
            >
              {top?.label ?? ''}
            </li>
          );
        })}
      </ol>
    </div>
  );
}

function clock(seconds: number): string {
  const whole = Math.floor(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

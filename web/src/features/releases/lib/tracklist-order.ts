import type { TrackPlace } from '../api/tracklist';
import type { TracklistEntry } from '../api/release-schemas';

/** Where each track sits now (a track never numbered goes after the last one on disc 1). */
export function placesOf(entries: readonly TracklistEntry[]): TrackPlace[] {
  return renumbered(
    entries.map((entry) => ({
      track_id: entry.track_id,
      disc_number: entry.disc_number ?? 1,
      track_number: entry.track_number ?? 0,
    })),
  );
}

/** Numbers each disc 1, 2, 3… in list order (the list order is the tracklist's). */
export function renumbered(places: readonly TrackPlace[]): TrackPlace[] {
  const next = new Map<number, number>();
  return places.map((place) => {
    const number = (next.get(place.disc_number) ?? 0) + 1;
    next.set(place.disc_number, number);
    return { ...place, track_number: number };
  });
}

/** The tracklist with the track at ``from`` moved to ``to``: it joins the disc of the track
 * whose place it takes, and every disc is numbered again from 1. */
export function moved(places: readonly TrackPlace[], from: number, to: number): TrackPlace[] {
  if (from === to || to < 0 || to >= places.length) return [...places];
  const list = [...places];
  const [track] = list.splice(from, 1);
  if (!track) return [...places];
  list.splice(to, 0, { ...track, disc_number: places[to]?.disc_number ?? track.disc_number });
  return renumbered(sortedByDisc(list));
}

/** One track given a new disc or number; the others keep theirs. */
export function placedAt(
  places: readonly TrackPlace[],
  trackId: string,
  change: Partial<Pick<TrackPlace, 'disc_number' | 'track_number'>>,
): TrackPlace[] {
  return places.map((place) => (place.track_id === trackId ? { ...place, ...change } : place));
}

function sortedByDisc(places: TrackPlace[]): TrackPlace[] {
  return places
    .map((place, index) => ({ place, index }))
    .sort((a, b) => a.place.disc_number - b.place.disc_number || a.index - b.index)
    .map(({ place }) => place);
}

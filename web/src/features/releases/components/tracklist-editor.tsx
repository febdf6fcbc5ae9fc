'use client';

import Link from 'next/link';
import { useState, type FormEvent } from 'react';

import { Button } from '@/components/ui/button';
import { DebouncedField } from '@/components/ui/debounced-field';
import { Spinner } from '@/components/ui/spinner';
import { positionSchema } from '@/lib/field-rules';
import { errorText } from '@/lib/problem';

import type { TracklistEntry } from '../api/release-schemas';
import { useTrackSearch } from '../api/search-tracks';
import { useEditTracklist, useTracklist, type TrackPlace } from '../api/tracklist';
import { moved, placedAt, placesOf } from '../lib/tracklist-order';

type Edit = ReturnType<typeof useEditTracklist>;
type Position = 'disc_number' | 'track_number';

/** The release's tracks by disc and number: reorder (drag, or the up and down buttons), set a
 * disc or number, add and remove tracks. Every edit is sent whole and the answer shown. */
export function TracklistEditor({ releaseId }: { releaseId: string }) {
  const tracklist = useTracklist(releaseId);
  const edit = useEditTracklist(releaseId);
  const [problem, setProblem] = useState<string | null>(null);
  const [dragged, setDragged] = useState<number | null>(null);
  const entries = tracklist.data?.tracks ?? [];

  async function send(change: Parameters<Edit['mutateAsync']>[0]): Promise<string | null> {
    try {
      await edit.mutateAsync(change);
      setProblem(null);
      return null;
    } catch (failure) {
      return errorText(failure);
    }
  }

  async function move(from: number, to: number) {
    setProblem(await send({ kind: 'set', tracks: moved(placesOf(entries), from, to) }));
  }

  if (tracklist.isPending) return <Spinner label="Loading the tracklist" />;
  return (
    <section
      id="field-tracks"
      aria-labelledby="tracklist-heading"
      className="flex flex-col gap-2 target:bg-yellow-50"
    >
      <h2 id="tracklist-heading" className="text-lg font-semibold">
        Tracklist
      </h2>
      {problem && (
        <p role="alert" className="text-sm text-red-800">
          {problem}
        </p>
      )}
      {entries.length === 0 ? (
        <p className="text-sm text-slate-500">No tracks yet: add one below.</p>
      ) : (
        <table className="w-full text-sm">
          <caption className="sr-only">
            Tracks in order; drag a row or use its up and down buttons to reorder
          </caption>
          <thead>
            <tr className="text-left text-xs text-slate-500 uppercase">
              <th scope="col">Disc</th>
              <th scope="col">No.</th>
              <th scope="col">Title</th>
              <th scope="col">ISRC</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry, index) => (
              <tr
                key={entry.track_id}
                draggable
                onDragStart={() => setDragged(index)}
                onDragOver={(event) => event.preventDefault()}
                onDrop={() => {
                  if (dragged !== null) void move(dragged, index);
                  setDragged(null);
                }}
                className="cursor-grab border-t border-slate-100 align-top"
              >
                <td className="w-16 py-1">
                  <PositionCell entries={entries} entry={entry} field="disc_number" send={send} />
                </td>
                <td className="w-16 py-1">
                  <PositionCell entries={entries} entry={entry} field="track_number" send={send} />
                </td>
                <td className="py-1">
                  <Link
                    href={`/track/?id=${encodeURIComponent(entry.track_id)}`}
                    className="text-indigo-800 hover:underline"
                  >
                    {entry.title}
                  </Link>
                  {entry.display_artist && (
                    <span className="text-slate-500"> · {entry.display_artist}</span>
                  )}
                </td>
                <td className="py-1 font-mono text-xs">{entry.isrc ?? '—'}</td>
                <td className="flex justify-end gap-1 py-1">
                  <Button
                    size="sm"
                    aria-label={`Move ${entry.title} up`}
                    disabled={index === 0 || edit.isPending}
                    onClick={() => void move(index, index - 1)}
                  >
                    ↑
                  </Button>
                  <Button
                    size="sm"
                    aria-label={`Move ${entry.title} down`}
                    disabled={index === entries.length - 1 || edit.isPending}
                    onClick={() => void move(index, index + 1)}
                  >
                    ↓
                  </Button>
                  <Button
                    size="sm"
                    aria-label={`Remove ${entry.title}`}
                    disabled={edit.isPending}
                    onClick={async () =>
                      setProblem(await send({ kind: 'remove', trackId: entry.track_id }))
                    }
                  >
                    Remove
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <AddTrack
        onAdd={(trackId) => send({ kind: 'add', trackId })}
        onList={new Set(entries.map((e) => e.track_id))}
      />
    </section>
  );
}

type Send = (change: { kind: 'set'; tracks: TrackPlace[] }) => Promise<string | null>;

/** A disc or track number, edited in place (Zod first; the server refuses a place taken twice). */
function PositionCell({
  entries,
  entry,
  field,
  send,
}: {
  entries: readonly TracklistEntry[];
  entry: TracklistEntry;
  field: Position;
  send: Send;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const label = `${field === 'disc_number' ? 'Disc' : 'Track number'} of ${entry.title}`;
  const shown = entry[field] == null ? '' : String(entry[field]);

  async function save(event: FormEvent) {
    event.preventDefault();
    if (draft === null) return;
    const parsed = positionSchema.safeParse(draft);
    if (!parsed.success || parsed.data === null) {
      setError(`${label}: ${parsed.success ? 'is required' : parsed.error.issues[0]?.message}`);
      return;
    }
    const tracks = placedAt(placesOf(entries), entry.track_id, { [field]: parsed.data });
    const refused = await send({ kind: 'set', tracks });
    setError(refused);
    if (!refused) setDraft(null);
  }

  if (draft === null)
    return (
      <button
        type="button"
        aria-label={`Edit ${label}: ${shown || 'empty'}`}
        className="w-full rounded px-1 text-left hover:bg-slate-100"
        onClick={() => setDraft(shown)}
      >
        {shown || '—'}
      </button>
    );
  return (
    <form onSubmit={save} className="flex flex-col gap-1">
      <input
        autoFocus
        aria-label={label}
        aria-invalid={error ? true : undefined}
        inputMode="numeric"
        value={draft}
        onChange={(event) => {
          setDraft(event.target.value);
          setError(null);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            setDraft(null);
            setError(null);
          }
        }}
        className="w-14 rounded border border-slate-300 px-1 aria-[invalid=true]:border-red-600"
      />
      {error && (
        <p role="alert" className="text-xs text-red-800">
          {error}
        </p>
      )}
    </form>
  );
}

/** Find a track by title or artist and put it at the end of disc 1. */
function AddTrack({
  onAdd,
  onList,
}: {
  onAdd: (trackId: string) => Promise<string | null>;
  onList: ReadonlySet<string>;
}) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const found = useTrackSearch(text);
  const candidates = (found.data?.items ?? []).filter((track) => !onList.has(track.id));
  return (
    <div className="flex flex-col gap-1">
      <DebouncedField
        label="Add a track (title or artist)"
        type="search"
        width="w-72"
        value={text}
        onCommit={(next) => {
          setText(next ?? '');
          setError(null);
        }}
      />
      {error && (
        <p role="alert" className="text-xs text-red-800">
          {error}
        </p>
      )}
      {candidates.length > 0 && (
        <ul aria-label="Tracks to add" className="flex flex-col gap-1 text-sm">
          {candidates.map((track) => (
            <li key={track.id} className="flex items-center gap-2">
              <Button
                size="sm"
                aria-label={`Add ${track.title}`}
                onClick={async () => setError(await onAdd(track.id))}
              >
                Add
              </Button>
              {track.title}
              {track.display_artist && (
                <span className="text-slate-500"> · {track.display_artist}</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

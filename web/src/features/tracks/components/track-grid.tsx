'use client';

import Link from 'next/link';
import { useCallback, useEffect, useMemo } from 'react';

import { DataGrid, type GridColumn } from '@/components/ui/data-grid';
import { isEditable, type EditableField } from '@/lib/field-rules';
import { errorText } from '@/lib/problem';
import { lowestAiConfidence } from '@/components/ui/provenance-badge';

import { flattenPages, useTrackPages, type TrackFilters } from '../api/list-tracks';
import type { TrackRow } from '../api/track-schemas';
import { useUpdateTrack } from '../api/update-track';
import { formatDuration, formatIsrc } from '../lib/format';
import { fieldText, parseFieldInput } from '../lib/track-fields';

type Track = TrackRow;

const editable = (field: EditableField) => (track: Track) => fieldText(track, field);

/** The track page's address. The title cell links to it for the mouse; the keyboard keeps the
 * grid's one tab stop (links are tabIndex -1, as the row checkboxes) and opens with Ctrl+Enter. */
export const trackHref = (trackId: string) => `/track/?id=${encodeURIComponent(trackId)}`;

const releaseHref = (releaseId: string) => `/release/?id=${encodeURIComponent(releaseId)}`;

function ConfidenceCell({ track }: { track: Track }) {
  const lowest = lowestAiConfidence(track.provenance);
  if (lowest === null) return <span className="text-slate-400">—</span>;
  const tone = lowest < 0.8 ? 'bg-amber-100 text-amber-900' : 'bg-violet-100 text-violet-900';
  return <span className={`rounded px-1.5 text-xs ${tone}`}>{Math.round(lowest * 100)}%</span>;
}

export const TRACK_COLUMNS: GridColumn<Track>[] = [
  {
    id: 'title',
    header: 'Title',
    width: 'minmax(14rem, 2fr)',
    cell: (t) => (
      <Link href={trackHref(t.id)} tabIndex={-1} className="text-indigo-800 hover:underline">
        {t.title}
      </Link>
    ),
    editText: editable('title'),
    sortKey: 'title',
  },
  {
    id: 'display_artist',
    header: 'Artist',
    width: 'minmax(10rem, 1.5fr)',
    cell: (t) => t.display_artist ?? '',
    editText: editable('display_artist'),
    sortKey: 'display_artist',
  },
  {
    id: 'release',
    header: 'Release',
    width: 'minmax(10rem, 1.5fr)',
    cell: (t) =>
      t.release_id ? (
        <Link
          href={releaseHref(t.release_id)}
          tabIndex={-1}
          className="text-indigo-800 hover:underline"
        >
          {t.release_title ?? 'Untitled release'}
        </Link>
      ) : (
        ''
      ),
    sortKey: 'release',
  },
  {
    id: 'isrc',
    header: 'ISRC',
    width: '10rem',
    cell: (t) => formatIsrc(t.isrc),
    editText: editable('isrc'),
    sortKey: 'isrc',
  },
  {
    id: 'genre',
    header: 'Genre',
    width: '9rem',
    cell: (t) => t.genre ?? '',
    editText: editable('genre'),
  },
  {
    id: 'moods',
    header: 'Moods',
    width: '10rem',
    cell: (t) => t.moods.join(', '),
    editText: editable('moods'),
  },
  {
    id: 'bpm',
    header: 'BPM',
    width: '5rem',
    align: 'right',
    cell: (t) => (t.bpm == null ? '' : String(t.bpm)),
    editText: editable('bpm'),
    sortKey: 'bpm',
  },
  {
    id: 'key',
    header: 'Key',
    width: '6.5rem',
    cell: (t) => t.key ?? '',
    editText: editable('key'),
  },
  {
    id: 'duration',
    header: 'Length',
    width: '4.5rem',
    align: 'right',
    cell: (t) => formatDuration(t.duration_ms),
  },
  {
    id: 'confidence',
    header: 'AI conf.',
    width: '5.5rem',
    cell: (t) => <ConfidenceCell track={t} />,
  },
  { id: 'status', header: 'Status', width: '6rem', cell: (t) => t.status ?? '' },
  {
    id: 'updated_at',
    header: 'Updated',
    width: '6.5rem',
    cell: (t) => (t.updated_at ? t.updated_at.slice(0, 10) : ''),
    sortKey: 'updated_at',
  },
];

type TrackGridProps = {
  filters: TrackFilters;
  selected: ReadonlySet<string>;
  onSelectedChange: (next: Set<string>) => void;
  onOpenTrack: (track: Track) => void;
  /** a column header was clicked: the new sort ("bpm", "-bpm", or none) */
  onSortChange?: (sort: string | undefined) => void;
  /** the loaded rows, for bulk edits computed from current values */
  onRowsChange?: (rows: readonly Track[]) => void;
};

/** The catalog's tracks: virtualised, keyboard-driven, edited in place (checked by Zod first). */
export function TrackGrid({
  filters,
  selected,
  onSelectedChange,
  onOpenTrack,
  onSortChange,
  onRowsChange,
}: TrackGridProps) {
  const pages = useTrackPages(filters);
  const rows = useMemo(() => flattenPages(pages.data?.pages), [pages.data]);
  const update = useUpdateTrack();

  useEffect(() => onRowsChange?.(rows), [rows, onRowsChange]);

  const { hasNextPage, isFetchingNextPage, fetchNextPage } = pages;
  const loadMore = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const commit = useCallback(
    async (track: Track, columnId: string, text: string): Promise<string | null> => {
      if (!isEditable(columnId)) return null;
      if (text === fieldText(track, columnId)) return null;
      const parsed = parseFieldInput(columnId, text);
      if (!parsed.ok) return parsed.error;
      try {
        await update.mutateAsync({
          trackId: track.id,
          changes: parsed.changes,
        });
        return null;
      } catch (error) {
        return errorText(error);
      }
    },
    [update],
  );

  if (pages.isError && rows.length === 0)
    return (
      <p role="alert" className="text-sm text-red-800">
        {errorText(pages.error)}
      </p>
    );

  return (
    <DataGrid
      label="Tracks"
      rows={rows}
      rowKey={(track) => track.id}
      columns={TRACK_COLUMNS}
      selected={selected}
      onSelectedChange={onSelectedChange}
      onCommitEdit={commit}
      onOpenRow={onOpenTrack}
      sort={filters.sort}
      onSortChange={onSortChange}
      onEndReached={loadMore}
      loadingMore={pages.isFetching}
      totalRows={null}
    />
  );
}

'use client';

import { useRouter, useSearchParams } from 'next/navigation';
import { Suspense, useCallback, useMemo, useState } from 'react';

import { BulkEditPanel } from '@/features/bulk-edit/components/bulk-edit-panel';
import { AssignCodes } from '@/features/identifiers/components/assign-codes';
import { ExportPanel } from '@/features/jobs/components/export-panel';
import { ReleaseFiltersBar } from '@/features/releases/components/release-filters';
import { CreateReleaseFromTracks } from '@/features/releases/components/create-release-from-tracks';
import { ReleaseGrid } from '@/features/releases/components/release-grid';
import { releaseFiltersCodec } from '@/features/releases/lib/filters-url';
import type { TrackFilters } from '@/features/tracks/api/list-tracks';
import type { Track } from '@/features/tracks/api/track-schemas';
import { TrackFiltersBar } from '@/features/tracks/components/track-filters';
import { TrackGrid } from '@/features/tracks/components/track-grid';
import { trackFiltersCodec } from '@/features/tracks/lib/filters-url';
import { setParam, useUrlState, type UrlCodec } from '@/lib/url-state';

type View = 'tracks' | 'releases';

const viewCodec: UrlCodec<View> = {
  read: (params) => (params.get('view') === 'releases' ? 'releases' : 'tracks'),
  write: (view, params) => setParam(params, 'view', view === 'releases' ? view : undefined),
};

export default function CatalogPage() {
  return (
    <Suspense>
      <Catalog />
    </Suspense>
  );
}

/** The grids; /catalog/?view=releases&validation=failed opens one filtered (dashboard links).
 * The view and both grids' search, filters and sort live in the query string, so coming back
 * from a track or a release (or reloading, or sharing the link) shows the same list. */
function Catalog() {
  const router = useRouter();
  useSearchParams(); // rendered in the browser only: the grids' state comes from the URL
  const [view, setView] = useUrlState(viewCodec);
  const [filters, setFilters] = useUrlState(trackFiltersCodec);
  const [releaseFilters, setReleaseFilters] = useUrlState(releaseFiltersCodec);
  const [selected, setSelected] = useState<Set<string>>(() => new Set());
  const [releaseSelection, setReleaseSelection] = useState<Set<string>>(() => new Set());
  const [rows, setRows] = useState<readonly Track[]>([]);
  const targets = useMemo(() => rows.filter((row) => selected.has(row.id)), [rows, selected]);
  const onRowsChange = useCallback((next: readonly Track[]) => setRows(next), []);
  const changeFilters = useCallback(
    (next: TrackFilters) => {
      setFilters(next);
      setSelected(new Set());
    },
    [setFilters],
  );

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">Catalog</h1>
        <div role="tablist" aria-label="What to show" className="flex gap-1">
          {(['tracks', 'releases'] as const).map((item) => (
            <button
              key={item}
              role="tab"
              type="button"
              aria-selected={view === item}
              onClick={() => setView(item)}
              className={`rounded px-3 py-1 text-sm capitalize ${view === item ? 'bg-indigo-700 text-white' : 'bg-white text-slate-700 ring-1 ring-slate-300'}`}
            >
              {item}
            </button>
          ))}
        </div>
      </div>
      {view === 'tracks' ? (
        <>
          <TrackFiltersBar value={filters} onChange={changeFilters} />
          <BulkEditPanel targets={targets} onClearSelection={() => setSelected(new Set())} />
          <CreateReleaseFromTracks
            trackIds={targets.map((track) => track.id)}
            onCreated={(releaseId) => router.push(`/release/?id=${encodeURIComponent(releaseId)}`)}
          />
          <AssignCodes kind="isrc" subjectIds={targets.map((track) => track.id)} />
          <TrackGrid
            filters={filters}
            selected={selected}
            onSelectedChange={setSelected}
            onOpenTrack={(track) => router.push(`/track/?id=${encodeURIComponent(track.id)}`)}
            onSortChange={(sort) => changeFilters({ ...filters, sort })}
            onRowsChange={onRowsChange}
          />
          <details className="rounded border border-slate-200 bg-white p-3">
            <summary className="cursor-pointer text-sm font-medium">Export the catalog</summary>
            <ExportPanel />
          </details>
        </>
      ) : (
        <>
          <ReleaseFiltersBar
            value={releaseFilters}
            onChange={(next) => {
              setReleaseFilters(next);
              setReleaseSelection(new Set());
            }}
          />
          <AssignCodes kind="upc" subjectIds={[...releaseSelection]} />
          <ReleaseGrid
            filters={releaseFilters}
            selected={releaseSelection}
            onSelectedChange={setReleaseSelection}
            onOpenRelease={(release) =>
              router.push(`/release/?id=${encodeURIComponent(release.id)}`)
            }
          />
          <details className="rounded border border-slate-200 bg-white p-3">
            <summary className="cursor-pointer text-sm font-medium">
              Export {releaseSelection.size ? 'the selected releases' : 'the catalog'}
            </summary>
            <ExportPanel releaseIds={[...releaseSelection]} />
          </details>
        </>
      )}
      <p className="text-xs text-slate-500">
        Keys: arrows move · Enter or typing edits · Esc cancels · Space selects · Shift+↑↓ extends ·
        Ctrl+A selects all · Ctrl+Enter opens
      </p>
    </div>
  );
}

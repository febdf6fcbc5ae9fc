'use client';

import { useCallback, useMemo } from 'react';

import { DataGrid, type GridColumn } from '@/components/ui/data-grid';
import { errorText } from '@/lib/problem';

import { useReleasePages, type ReleaseFilters } from '../api/list-releases';
import type { Release } from '../api/release-schemas';
import { useUpdateRelease } from '../api/update-release';
import {
  RELEASE_FIELD_RULES,
  parseReleaseField,
  releaseFieldText,
  type ReleaseField,
} from '../lib/release-fields';

const editable = (field: ReleaseField) => (release: Release) => releaseFieldText(release, field);

const isReleaseField = (column: string): column is ReleaseField => column in RELEASE_FIELD_RULES;

export const RELEASE_COLUMNS: GridColumn<Release>[] = [
  {
    id: 'title',
    header: 'Title',
    width: 'minmax(14rem, 2fr)',
    cell: (r) => r.title,
    editText: editable('title'),
  },
  {
    id: 'display_artist',
    header: 'Artist',
    width: 'minmax(10rem, 1.5fr)',
    cell: (r) => r.display_artist ?? '',
    editText: editable('display_artist'),
  },
  {
    id: 'release_type',
    header: 'Type',
    width: '7rem',
    cell: (r) => r.release_type ?? '',
    editText: editable('release_type'),
  },
  { id: 'upc', header: 'UPC', width: '9rem', cell: (r) => r.upc ?? '', editText: editable('upc') },
  {
    id: 'label_name',
    header: 'Label',
    width: '10rem',
    cell: (r) => r.label_name ?? '',
    editText: editable('label_name'),
  },
  {
    id: 'release_date',
    header: 'Date',
    width: '7rem',
    cell: (r) => r.release_date ?? '',
    editText: editable('release_date'),
  },
  { id: 'status', header: 'Status', width: '6rem', cell: (r) => r.status ?? '' },
];

type ReleaseGridProps = {
  filters: ReleaseFilters;
  selected: ReadonlySet<string>;
  onSelectedChange: (next: Set<string>) => void;
  onOpenRelease: (release: Release) => void;
};

/** The catalog's releases, edited in place like the track grid (Zod first, then PATCH). */
export function ReleaseGrid({
  filters,
  selected,
  onSelectedChange,
  onOpenRelease,
}: ReleaseGridProps) {
  const pages = useReleasePages(filters);
  const rows = useMemo(() => pages.data?.pages.flatMap((page) => page.items) ?? [], [pages.data]);
  const update = useUpdateRelease();
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = pages;
  const loadMore = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const commit = useCallback(
    async (release: Release, columnId: string, text: string): Promise<string | null> => {
      if (!isReleaseField(columnId) || text === releaseFieldText(release, columnId)) return null;
      const parsed = parseReleaseField(columnId, text);
      if (!parsed.ok) return parsed.error;
      try {
        await update.mutateAsync({ releaseId: release.id, changes: parsed.changes });
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
      label="Releases"
      rows={rows}
      rowKey={(release) => release.id}
      columns={RELEASE_COLUMNS}
      selected={selected}
      onSelectedChange={onSelectedChange}
      onCommitEdit={commit}
      onOpenRow={onOpenRelease}
      onEndReached={loadMore}
      loadingMore={pages.isFetching}
      totalRows={null}
    />
  );
}

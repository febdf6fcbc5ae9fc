'use client';

import { useCallback, useMemo } from 'react';

import { DataGrid, type GridColumn } from '@/components/ui/data-grid';
import { errorText } from '@/lib/problem';

import { useReleasePages, type ReleaseFilters } from '../api/list-releases';
import type { Release } from '../api/release-schemas';

const COLUMNS: GridColumn<Release>[] = [
  { id: 'title', header: 'Title', width: 'minmax(14rem, 2fr)', cell: (r) => r.title },
  {
    id: 'display_artist',
    header: 'Artist',
    width: 'minmax(10rem, 1.5fr)',
    cell: (r) => r.display_artist ?? '',
  },
  { id: 'release_type', header: 'Type', width: '7rem', cell: (r) => r.release_type ?? '' },
  { id: 'upc', header: 'UPC', width: '9rem', cell: (r) => r.upc ?? '' },
  { id: 'label_name', header: 'Label', width: '10rem', cell: (r) => r.label_name ?? '' },
  { id: 'release_date', header: 'Date', width: '7rem', cell: (r) => r.release_date ?? '' },
  { id: 'status', header: 'Status', width: '6rem', cell: (r) => r.status ?? '' },
];

type ReleaseGridProps = {
  filters: ReleaseFilters;
  selected: ReadonlySet<string>;
  onSelectedChange: (next: Set<string>) => void;
  onOpenRelease: (release: Release) => void;
};

export function ReleaseGrid({
  filters,
  selected,
  onSelectedChange,
  onOpenRelease,
}: ReleaseGridProps) {
  const pages = useReleasePages(filters);
  const rows = useMemo(() => pages.data?.pages.flatMap((page) => page.items) ?? [], [pages.data]);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = pages;
  const loadMore = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);
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
      columns={COLUMNS}
      selected={selected}
      onSelectedChange={onSelectedChange}
      onOpenRow={onOpenRelease}
      onEndReached={loadMore}
      loadingMore={pages.isFetching}
      totalRows={null}
    />
  );
}

import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';

import { mockFetch } from '@/testing/fetch-mock';
import { renderWithClient } from '@/testing/render';

import type { TrackFilters } from '../api/list-tracks';
import type { TrackRow } from '../api/track-schemas';
import { TrackGrid } from '../components/track-grid';

const track: TrackRow = {
  id: 't1',
  partner_id: 'p1',
  title: 'Night Drive',
  version_title: null,
  display_artist: 'Nina Sky',
  isrc: 'USRC17607839',
  duration_ms: 201000,
  genre: 'House',
  sub_genre: null,
  moods: [],
  bpm: 120,
  key: null,
  explicit: null,
  language: null,
  p_line: null,
  disc_number: null,
  track_number: 1,
  status: 'draft',
  release_id: 'r1',
  release_title: 'Night Drive EP',
  updated_at: '2026-11-24T12:00:00+00:00',
  work_id: null,
  contributors: [],
  master_splits: [],
  provenance: {},
  vocals: null,
  vocal_gender: null,
  preview_start_s: null,
  era_hint: null,
};

/** The grid with its filters held as the catalog page holds them. */
function Grid() {
  const [filters, setFilters] = useState<TrackFilters>({});
  return (
    <TrackGrid
      filters={filters}
      selected={new Set()}
      onSelectedChange={jest.fn()}
      onOpenTrack={jest.fn()}
      onSortChange={(sort) => setFilters({ ...filters, sort })}
    />
  );
}

test('the title links to the track page and the release column links to its release', async () => {
  mockFetch({ 'GET /api/v1/tracks': { body: { items: [track], next_cursor: null } } });

  renderWithClient(<Grid />);

  // next/link writes the trailing slash only in the build (trailingSlash: true)
  const title = await screen.findByRole('link', { name: 'Night Drive' });
  const release = screen.getByRole('link', { name: 'Night Drive EP' });

  expect(title.getAttribute('href')).toMatch(/^\/track\/?\?id=t1$/);
  expect(release.getAttribute('href')).toMatch(/^\/release\/?\?id=r1$/);
});

test('clicking a header sorts by it through the API, then descending, then not at all', async () => {
  const { calls } = mockFetch({
    'GET /api/v1/tracks': { body: { items: [track], next_cursor: null } },
  });
  const user = userEvent.setup();
  renderWithClient(<Grid />);
  const grid = await screen.findByRole('grid', { name: 'Tracks' });
  const header = (name: string) =>
    within(grid)
      .getAllByRole('columnheader')
      .find((cell) => cell.textContent?.startsWith(name)) as HTMLElement;
  const sorts = () => calls.map((call) => new URLSearchParams(call.search).get('sort'));

  expect(header('BPM')).toHaveAttribute('aria-sort', 'none');
  await user.click(within(header('BPM')).getByRole('button'));
  await waitFor(() => expect(header('BPM')).toHaveAttribute('aria-sort', 'ascending'));
  await user.click(within(header('BPM')).getByRole('button'));
  await waitFor(() => expect(header('BPM')).toHaveAttribute('aria-sort', 'descending'));
  await user.click(within(header('Release')).getByRole('button'));
  await user.click(within(header('Updated')).getByRole('button'));
  await user.click(within(header('Updated')).getByRole('button'));

  await waitFor(() =>
    expect(sorts()).toEqual([null, 'bpm', '-bpm', 'release', 'updated_at', '-updated_at']),
  );
  expect(calls.every((call) => call.search.includes('grid_columns=true'))).toBe(true);
  expect(header('BPM')).toHaveAttribute('aria-sort', 'none');
  expect(header('Moods')).not.toHaveAttribute('aria-sort');
  expect(within(header('Moods')).queryByRole('button')).toBeNull();
});

test('the links keep the grid one tab stop; Ctrl+Enter still opens the track', async () => {
  mockFetch({ 'GET /api/v1/tracks': { body: { items: [track], next_cursor: null } } });
  const opened = jest.fn();
  renderWithClient(
    <TrackGrid
      filters={{}}
      selected={new Set()}
      onSelectedChange={jest.fn()}
      onOpenTrack={opened}
    />,
  );
  const link = await screen.findByRole('link', { name: 'Night Drive' });
  const grid = screen.getByRole('grid', { name: 'Tracks' });

  grid.focus();
  await userEvent.keyboard('{Control>}{Enter}{/Control}');

  expect(link).toHaveAttribute('tabindex', '-1');
  expect(opened).toHaveBeenCalledWith(expect.objectContaining({ id: 't1' }));
});

import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { mockFetch, problem } from '@/testing/fetch-mock';
import { renderWithClient } from '@/testing/render';

import { TrackCompare } from '../components/track-compare';

const track = (id: string, title: string) => ({ id, title, provenance: {} });
const row = (
  field: string,
  kept: unknown,
  other: unknown,
  fallback: 'kept' | 'other' = 'kept',
) => ({
  field,
  kept,
  other,
  kept_source: kept == null ? null : 'human',
  other_source: other == null ? null : 'tag',
  differs: JSON.stringify(kept) !== JSON.stringify(other),
  default: fallback,
});

const COMPARISON = {
  kept: track('a', 'Night Drive'),
  other: track('b', 'Night Drive (Remaster)'),
  kept_has_audio: true,
  other_has_audio: true,
  fields: [
    row('title', 'Night Drive', 'Night Drive (Remaster)'),
    row('genre', 'Jazz', 'Soul'),
    row('bpm', null, 120, 'other'),
    row('isrc', 'GBUV72400002', 'GBUV72400002'),
    row(
      'contributors',
      [{ party_id: 'p1', name: 'Nina Sky', role: 'MainArtist', sequence: 1, share: null }],
      [],
    ),
  ],
};

test('both tracks are shown field by field with the differences marked and readable', async () => {
  mockFetch({ 'GET /api/v1/tracks/a/compare/b': { body: COMPARISON } });
  renderWithClient(<TrackCompare keptId="a" otherId="b" />);

  const table = await screen.findByRole('table', { name: 'The two tracks field by field' });
  const genre = within(table).getByRole('row', { name: /Genre differs/ });
  expect(genre).toHaveAttribute('data-differs', 'true');
  expect(within(table).getByRole('row', { name: /ISRC/ })).not.toHaveAttribute('data-differs');
  expect(within(table).getByText('Nina Sky (MainArtist)')).toBeInTheDocument();
  expect(screen.queryByText(/object Object/)).not.toBeInTheDocument();
  expect(screen.getByText('4 of 5 fields differ.', { exact: false })).toBeInTheDocument();
  expect(screen.getByRole('radio', { name: "Keep the other track's BPM" })).toBeChecked();
  expect(screen.getByRole('radio', { name: "Keep the kept track's Genre" })).toBeChecked();
});

test('the merge sends the fields the user chose and then links to the kept track', async () => {
  const { calls } = mockFetch({
    'GET /api/v1/tracks/a/compare/b': { body: COMPARISON },
    'POST /api/v1/tracks/a/merge': {
      body: { change_id: 'c1', merged_track_id: 'b', track: track('a', 'Night Drive') },
    },
  });
  renderWithClient(<TrackCompare keptId="a" otherId="b" />);

  await userEvent.click(await screen.findByRole('radio', { name: "Keep the other track's Genre" }));
  await userEvent.click(screen.getByRole('button', { name: 'Merge into the kept track' }));

  expect(await screen.findByRole('status')).toHaveTextContent(
    '“Night Drive (Remaster)” was merged into “Night Drive”',
  );
  expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
    other_id: 'b',
    choices: { genre: 'other' },
  });
  expect(screen.getByRole('link', { name: 'Open the kept track' })).toHaveAttribute(
    'href',
    expect.stringMatching(/^\/track\/?\?id=a$/),
  );
});

test('a refused merge says why and the comparison stays', async () => {
  mockFetch({
    'GET /api/v1/tracks/a/compare/b': { body: COMPARISON },
    'POST /api/v1/tracks/a/merge': problem(
      409,
      'track a is on release r1 and track b on release r2: take one off its release first',
    ),
  });
  renderWithClient(<TrackCompare keptId="a" otherId="b" />);

  await userEvent.click(await screen.findByRole('button', { name: 'Merge into the kept track' }));

  await waitFor(() =>
    expect(screen.getByRole('alert')).toHaveTextContent('take one off its release first'),
  );
  expect(screen.getByRole('table', { name: 'The two tracks field by field' })).toBeInTheDocument();
});

import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { mockFetch, problem } from '@/testing/fetch-mock';
import { renderWithClient } from '@/testing/render';

import type { Release } from '../api/release-schemas';
import { ReleaseArtistsEditor } from '../components/release-artists-editor';

const RELEASE = {
  id: 'r1',
  title: 'Example Album',
  artists: [{ party_id: 'examples', name: 'The Examples', role: 'MainArtist', sequence: 1 }],
} as unknown as Release;

test('a featured artist typed by name becomes a party and is credited second, in words', async () => {
  const { calls } = mockFetch({
    'POST /api/v1/parties': { status: 201, body: { id: 'gina' } },
    'PATCH /api/v1/releases/r1': { body: { ...RELEASE, change_id: 'c1' } },
  });
  renderWithClient(<ReleaseArtistsEditor release={RELEASE} />);

  await userEvent.click(screen.getByRole('button', { name: 'Add artist' }));
  await userEvent.type(screen.getByRole('textbox', { name: 'Artist 2' }), 'Gina Guest');
  await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Role of artist 2' }), [
    'Featured artist',
  ]);
  await userEvent.click(screen.getByRole('button', { name: 'Save artists' }));

  await waitFor(() => expect(calls.map((c) => c.method)).toEqual(['POST', 'PATCH']));
  expect(calls[1]?.body).toEqual({
    artists: [
      { party_id: 'examples', role: 'MainArtist' },
      { party_id: 'gina', role: 'FeaturedArtist' },
    ],
  });
});

test('moving an artist up changes the credit order sent', async () => {
  const two = {
    ...RELEASE,
    artists: [
      ...RELEASE.artists,
      { party_id: 'gina', name: 'Gina Guest', role: 'FeaturedArtist', sequence: 2 },
    ],
  } as Release;
  const { calls } = mockFetch({ 'PATCH /api/v1/releases/r1': { body: two } });
  renderWithClient(<ReleaseArtistsEditor release={two} />);

  await userEvent.click(screen.getByRole('button', { name: 'Move artist 2 up' }));
  await userEvent.click(screen.getByRole('button', { name: 'Save artists' }));

  await waitFor(() => expect(calls).toHaveLength(1));
  expect(calls[0]?.body).toEqual({
    artists: [
      { party_id: 'gina', role: 'FeaturedArtist' },
      { party_id: 'examples', role: 'MainArtist' },
    ],
  });
});

test("the server's refusal shows beside the artist it names", async () => {
  mockFetch({
    'PATCH /api/v1/releases/r1': problem(422, 'party not found', 'artists[0].party_id'),
  });
  renderWithClient(<ReleaseArtistsEditor release={RELEASE} />);

  await userEvent.click(screen.getByRole('button', { name: 'Save artists' }));

  await waitFor(() =>
    expect(screen.getByRole('textbox', { name: 'Artist 1' })).toHaveAccessibleDescription(
      'party not found',
    ),
  );
});

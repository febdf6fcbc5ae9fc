import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { mockFetch, problem } from '@/testing/fetch-mock';
import { renderWithClient } from '@/testing/render';

import { SoundsLike } from '../components/sounds-like';

const track = (id: string, title: string) => ({
  id,
  title,
  display_artist: 'The Examples',
  moods: [],
  contributors: [],
  provenance: {},
});

test('similar tracks are listed most alike first, each with a play button', async () => {
  const play = jest.fn().mockResolvedValue(undefined);
  (globalThis as { Audio: unknown }).Audio = jest.fn(() => ({ play, pause: jest.fn() }));
  const { calls } = mockFetch({
    'GET /api/v1/tracks/t1/similar': {
      body: {
        items: [
          { track: track('t2', 'Close'), score: 0.93 },
          { track: track('t3', 'Farther'), score: 0.61 },
        ],
      },
    },
    'GET /api/v1/tracks/t2/audio': { body: { url: 'https://audio.example/t2.mp3' } },
  });
  renderWithClient(<SoundsLike trackId="t1" />);

  expect(await screen.findByRole('link', { name: 'Close' })).toHaveAttribute(
    'href',
    '/track?id=t2',
  );
  expect(screen.getByText('93% alike')).toBeInTheDocument();
  expect(calls[0]?.search).toBe('?limit=5');
  await userEvent.click(screen.getByRole('button', { name: 'Play Close' }));

  expect(play).toHaveBeenCalled();
  expect(await screen.findByRole('button', { name: 'Pause Close' })).toBeInTheDocument();
});

test('a server without pgvector says the feature is unavailable', async () => {
  mockFetch({ 'GET /api/v1/tracks/t1/similar': problem(503, 'needs pgvector') });
  renderWithClient(<SoundsLike trackId="t1" />);

  expect(await screen.findByText(/not available on this server/)).toBeInTheDocument();
});

import { screen, within } from '@testing-library/react';

import { mockFetch, problem } from '@/testing/fetch-mock';
import { renderWithClient } from '@/testing/render';

import { genreColour, TrackTimeline } from '../components/track-timeline';

test('genre and mood are drawn per segment, as wide as the segment is long', async () => {
  mockFetch({
    'GET /api/v1/tracks/t1/timeline': {
      body: {
        model: 'musicnn',
        model_version: '0.1.0',
        segments: [
          {
            start_s: 0,
            end_s: 20,
            genres: [{ label: 'pop', score: 0.4 }],
            moods: [
              { label: 'happy', score: 0.5 },
              { label: 'calm', score: 0.2 },
            ],
          },
          {
            start_s: 20,
            end_s: 80,
            genres: [{ label: 'rock', score: 0.6 }],
            moods: [{ label: 'dark', score: 0.7 }],
          },
        ],
      },
    },
  });

  renderWithClient(<TrackTimeline trackId="t1" />);

  const moods = await screen.findByRole('list', { name: 'Mood' });
  const cells = within(moods).getAllByRole('listitem');
  expect(cells.map((cell) => cell.getAttribute('aria-label'))).toEqual([
    '0:00–0:20: happy 50 %, calm 20 %',
    '0:20–1:20: dark 70 %',
  ]);
  expect(cells[1]?.style.flexGrow).toBe('60');
  expect(cells[1]).toHaveClass('bg-slate-700');
  const genres = within(screen.getByRole('list', { name: 'Genre' })).getAllByRole('listitem');
  expect(genres.map((cell) => cell.textContent)).toEqual(['pop', 'rock']);
  expect(genres[1]).toHaveClass(genreColour('rock'));
});

test('a track not analysed yet says so', async () => {
  mockFetch({
    'GET /api/v1/tracks/t1/timeline': {
      body: { segments: [], model: null, model_version: null },
    },
  });

  renderWithClient(<TrackTimeline trackId="t1" />);

  expect(await screen.findByText(/has not been analysed/)).toBeInTheDocument();
});

test('a failure is shown in place', async () => {
  mockFetch({ 'GET /api/v1/tracks/t1/timeline': problem(404, 'track t1 not found') });

  renderWithClient(<TrackTimeline trackId="t1" />);

  expect(await screen.findByText(/The timeline could not be loaded/)).toBeInTheDocument();
});

import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { mockFetch } from '@/testing/fetch-mock';
import { renderWithClient } from '@/testing/render';

import { Dashboard } from '../components/dashboard';

test('the dashboard draws charts (not tables) with readable summaries', async () => {
  const { calls } = mockFetch({
    'GET /api/v1/stats/dashboard': {
      body: {
        window_days: 7,
        counts: { tracks: 1200, releases: 80, works: 300 },
        confidence_histogram: Array.from({ length: 10 }, (_, i) => ({
          low: i / 10,
          high: (i + 1) / 10,
          count: i === 9 ? 50 : i,
        })),
        processing_times: [
          {
            priority: 'high',
            count: 3,
            queue_p50_ms: 200,
            queue_p95_ms: 800,
            processing_p50_ms: 4000,
            processing_p95_ms: 9000,
          },
        ],
        dead_letters: {
          open: 2,
          oldest_age_s: 600,
          by_topic: [{ topic: 'analysis-low', count: 2 }],
        },
        validation: { valid: 70, failed: 6, unchecked: 4, pending: 3 },
      },
    },
    'GET /api/v1/dead-letters': { body: { items: [] } },
  });

  renderWithClient(<Dashboard />);

  expect(
    await screen.findByRole('img', { name: /Catalog: Tracks: 1,200, Releases: 80, Works: 300/ }),
  ).toBeInTheDocument();
  expect(
    screen.getByRole('img', { name: /AI confidence of estimates: .*90: 50/ }),
  ).toBeInTheDocument();
  expect(
    screen.getByRole('img', {
      name: /Processing time by priority .*high queue: 0\.8, high run: 9/,
    }),
  ).toBeInTheDocument();
  expect(
    screen.getByRole('img', { name: /Dead letters open: 2: analysis-low: 2/ }),
  ).toBeInTheDocument();
  expect(
    screen.getByText(/Oldest waiting 10 minutes\. A dead letter is a job that failed/),
  ).toBeInTheDocument();
  expect(
    screen.getByRole('img', {
      name: /Releases by last validation .*: Valid: 70, Failed: 6, Not yet checked: 4/,
    }),
  ).toBeInTheDocument();
  expect(screen.getByText(/3 release\(s\) changed since their last check/)).toBeInTheDocument();
  // the built app adds the trailing slash (next.config trailingSlash); jest renders without it
  expect(
    screen.getByRole('link', { name: 'Show the 6 failed release(s)' }).getAttribute('href'),
  ).toMatch(/^\/catalog\/?\?view=releases&validation=failed$/);
  expect(screen.queryByRole('table')).not.toBeInTheDocument();
  expect(calls[0]?.search).toBe('?days=7');
});

const LETTER = {
  id: 'dl-1',
  topic: 'analysis-high',
  summary:
    "The analysis of a track's audio failed 3 times and was set aside: open the track and choose Re-analyse.",
  subject_kind: 'track',
  subject_id: 'track-9',
  delivery_attempts: 3,
  recorded_at: '2026-12-06T09:00:00Z',
  reason: null,
};

test('open dead letters are listed in words with a link to the track, and Dismiss clears one', async () => {
  let open = 1;
  const dashboard = () => ({
    body: {
      window_days: 7,
      counts: { tracks: 1, releases: 0, works: 0 },
      confidence_histogram: [],
      processing_times: [],
      dead_letters: {
        open,
        oldest_age_s: 60,
        by_topic: open ? [{ topic: 'analysis-high', count: 1 }] : [],
      },
      validation: { valid: 0, failed: 0, unchecked: 0, pending: 0 },
    },
  });
  const { calls } = mockFetch({
    'GET /api/v1/stats/dashboard': dashboard,
    'GET /api/v1/dead-letters': () => ({ body: { items: open ? [LETTER] : [] } }),
    'POST /api/v1/dead-letters/dl-1/dismiss': () => {
      open = 0;
      return { status: 204 };
    },
  });

  renderWithClient(<Dashboard />);

  const list = await screen.findByRole('region', { name: 'Set aside' });
  expect(list).toHaveTextContent(/analysis of a track's audio failed 3 times/);
  expect(screen.getByRole('link', { name: 'Open the track' }).getAttribute('href')).toMatch(
    /^\/track\/?\?id=track-9$/, // jest renders without the trailing slash
  );
  expect(list).not.toHaveTextContent(/operators:/); // the recorded exception is not shown
  await userEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
  expect(await screen.findByRole('img', { name: /Dead letters open: 0/ })).toBeInTheDocument();
  expect(screen.queryByRole('region', { name: 'Set aside' })).not.toBeInTheDocument();
  expect(calls.filter((c) => c.method === 'POST').map((c) => c.path)).toEqual([
    '/api/v1/dead-letters/dl-1/dismiss',
  ]);
});

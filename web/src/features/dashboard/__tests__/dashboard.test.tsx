import { screen } from '@testing-library/react';

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

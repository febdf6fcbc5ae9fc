import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { mockFetch } from '@/testing/fetch-mock';
import { renderWithClient } from '@/testing/render';

import { AnalysisStatus } from '../components/analysis-status';

const failed = {
  state: 'failed',
  attempts: 3,
  error: {
    code: 'analysis_dead_lettered',
    message: 'the analysis failed 3 times and was set aside; Re-analyse to try again',
  },
  updated_at: '2026-12-06T10:00:00Z',
};

test('a failed analysis shows its reason, and Re-analyse queues it again', async () => {
  const { calls } = mockFetch({
    'GET /api/v1/tracks/t1/analysis': { body: failed },
    'POST /api/v1/tracks/t1/reanalyse': {
      status: 202,
      body: { state: 'queued', attempts: 0, error: null, updated_at: null },
    },
  });
  renderWithClient(<AnalysisStatus trackId="t1" />);

  expect(await screen.findByText('Analysis failed.')).toBeInTheDocument();
  expect(screen.getByRole('alert')).toHaveTextContent('the analysis failed 3 times');
  await userEvent.click(screen.getByRole('button', { name: 'Re-analyse' }));

  expect(await screen.findByRole('status')).toHaveTextContent('Waiting in the analysis queue');
  expect(screen.queryByRole('button', { name: 'Re-analyse' })).not.toBeInTheDocument();
  expect(calls.map((call) => `${call.method} ${call.path}`)).toContain(
    'POST /api/v1/tracks/t1/reanalyse',
  );
});

test('a refused re-analysis says why beside the button', async () => {
  mockFetch({
    'GET /api/v1/tracks/t1/analysis': { body: failed },
    'POST /api/v1/tracks/t1/reanalyse': {
      status: 409,
      body: {
        title: 'Conflict',
        status: 409,
        detail: 'track t1: an analysis is already running; wait for it to finish',
      },
    },
  });
  renderWithClient(<AnalysisStatus trackId="t1" />);

  await userEvent.click(await screen.findByRole('button', { name: 'Re-analyse' }));

  expect(
    await screen.findByText(/Not queued: track t1: an analysis is already running/),
  ).toBeInTheDocument();
});

test('nothing is shown for a track whose audio was never queued', async () => {
  mockFetch({
    'GET /api/v1/tracks/t1/analysis': {
      body: { state: 'none', attempts: 0, error: null, updated_at: null },
    },
  });
  const { client } = renderWithClient(<AnalysisStatus trackId="t1" />);

  await waitFor(() => expect(client.getQueryData(['tracks', 'analysis', 't1'])).toBeDefined());
  expect(screen.queryByRole('heading', { name: 'Analysis' })).not.toBeInTheDocument();
});

import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { mockFetch } from '@/testing/fetch-mock';
import { renderWithClient } from '@/testing/render';

import { AiSuggestions, bpmRelation } from '../components/ai-suggestions';

const estimate = (
  id: string,
  field: string,
  value: unknown,
  confidence: number,
  review: string | null = null,
) => ({
  id,
  field,
  value,
  confidence,
  model: 'essentia',
  model_version: '2.1',
  applied: false,
  review,
  reviewable: field !== 'loudness_lufs',
});

test('half and double are named relative to the best tempo', () => {
  expect(bpmRelation(172, 86)).toBe('½');
  expect(bpmRelation(86, 172)).toBe('2×');
  expect(bpmRelation(120, 97)).toBeNull();
});

test('the BPM alternatives the model gave are one click away', async () => {
  const { calls } = mockFetch({
    'GET /api/v1/tracks/t1/estimates': {
      body: {
        items: [
          estimate('e1', 'bpm', 172, 0.64),
          estimate('e2', 'bpm', 86, 0.3),
          estimate('e3', 'genre', 'Jazz', 0.9, 'accepted'),
        ],
      },
    },
    'POST /api/v1/tracks/t1/estimates/e2/accept': { body: {} },
  });
  renderWithClient(<AiSuggestions trackId="t1" />);

  expect(await screen.findByText('64% · essentia 2.1')).toBeInTheDocument();
  expect(screen.queryByText('Jazz')).not.toBeInTheDocument(); // already reviewed
  await userEvent.click(screen.getByRole('button', { name: 'Accept ½ (86)' }));

  await waitFor(() =>
    expect(calls.map((call) => call.path)).toContain('/api/v1/tracks/t1/estimates/e2/accept'),
  );
});

test('without alternatives, half and double set the tempo and reject the estimate', async () => {
  const { calls } = mockFetch({
    'GET /api/v1/tracks/t1/estimates': { body: { items: [estimate('e1', 'bpm', 172, 0.64)] } },
    'PATCH /api/v1/tracks/t1': {
      body: { id: 't1', title: 'x', moods: [], contributors: [], provenance: {} },
    },
    'POST /api/v1/tracks/t1/estimates/e1/reject': { body: {} },
  });
  renderWithClient(<AiSuggestions trackId="t1" />);

  await userEvent.click(await screen.findByRole('button', { name: 'Use ½ (86)' }));

  await waitFor(() =>
    expect(calls.map((call) => `${call.method} ${call.path}`)).toContain(
      'POST /api/v1/tracks/t1/estimates/e1/reject',
    ),
  );
  expect(calls.find((call) => call.method === 'PATCH')?.body).toEqual({ bpm: 86 });
  expect(screen.getByRole('button', { name: 'Use 2× (344)' })).toBeInTheDocument();
});

test('accept and reject each send their verdict, and reviewed suggestions leave the list', async () => {
  let reviewed = false;
  const { calls } = mockFetch({
    'GET /api/v1/tracks/t1/estimates': () => ({
      body: {
        items: [
          estimate('e1', 'genre', 'Jazz', 0.55, reviewed ? 'accepted' : null),
          estimate('e2', 'key', 'A minor', 0.7, reviewed ? 'rejected' : null),
        ],
      },
    }),
    'POST /api/v1/tracks/t1/estimates/e1/accept': { body: {} },
    'POST /api/v1/tracks/t1/estimates/e2/reject': () => {
      reviewed = true;
      return { body: {} };
    },
  });
  renderWithClient(<AiSuggestions trackId="t1" />);

  const genre = await screen.findByRole('listitem', { name: 'Suggestion for genre' });
  await userEvent.click(within(genre).getByRole('button', { name: 'Accept' }));
  const key = screen.getByRole('listitem', { name: 'Suggestion for key' });
  await userEvent.click(within(key).getByRole('button', { name: 'Reject' }));

  expect(await screen.findByText('No suggestions waiting for review.')).toBeInTheDocument();
  expect(calls.filter((call) => call.method === 'POST').map((call) => call.path)).toEqual([
    '/api/v1/tracks/t1/estimates/e1/accept',
    '/api/v1/tracks/t1/estimates/e2/reject',
  ]);
});

test("a refused verdict shows the server's reason beside the suggestion", async () => {
  mockFetch({
    'GET /api/v1/tracks/t1/estimates': { body: { items: [estimate('e1', 'bpm', 172, 0.64)] } },
    'POST /api/v1/tracks/t1/estimates/e1/accept': {
      status: 422,
      body: {
        title: 'Invalid input',
        status: 422,
        field: 'bpm',
        detail: '1720 is outside 20..400 beats per minute',
      },
    },
  });
  renderWithClient(<AiSuggestions trackId="t1" />);

  await userEvent.click(await screen.findByRole('button', { name: 'Accept' }));

  expect(await screen.findByRole('alert')).toHaveTextContent(
    'Not saved: bpm: 1720 is outside 20..400 beats per minute',
  );
});

test('loudness is shown as a measurement, never offered to accept or reject', async () => {
  mockFetch({
    'GET /api/v1/tracks/t1/estimates': {
      body: { items: [estimate('e9', 'loudness_lufs', -13.8, 1)] },
    },
  });
  renderWithClient(<AiSuggestions trackId="t1" />);

  expect(await screen.findByText('Integrated loudness')).toBeInTheDocument();
  expect(screen.getByText(/-13.8 LUFS/)).toBeInTheDocument();
  expect(screen.getByText('No suggestions waiting for review.')).toBeInTheDocument();
  expect(screen.queryByRole('button', { name: 'Accept' })).not.toBeInTheDocument();
});

import { screen, waitFor } from '@testing-library/react';
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

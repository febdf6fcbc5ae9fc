import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { mockFetch } from '@/testing/fetch-mock';
import { renderWithClient } from '@/testing/render';

import { AiSuggestions, bpmAlternatives } from '../components/ai-suggestions';

test('BPM alternatives are half and double, kept within 20-400', () => {
  expect(bpmAlternatives(170)).toEqual([85, 340]);
  expect(bpmAlternatives(250)).toEqual([125]);
});

test('a BPM suggestion offers its half and double one click away', async () => {
  const { calls } = mockFetch({
    'GET /api/v1/tracks/t1/estimates': {
      body: {
        items: [
          {
            id: 'e1',
            field: 'bpm',
            value: 172,
            confidence: 0.64,
            model: 'essentia',
            model_version: '2.1',
            status: 'pending',
          },
        ],
      },
    },
    'POST /api/v1/tracks/t1/estimates/e1/accept': { body: {} },
  });
  renderWithClient(<AiSuggestions trackId="t1" />);

  expect(await screen.findByText('64% · essentia 2.1')).toBeInTheDocument();
  await userEvent.click(screen.getByRole('button', { name: 'Accept ½ (86)' }));

  await waitFor(() =>
    expect(calls.find((call) => call.method === 'POST')?.body).toEqual({ value: 86 }),
  );
  expect(screen.getByRole('button', { name: 'Accept 2× (344)' })).toBeInTheDocument();
});

test('rejecting a suggestion posts the decision', async () => {
  const { calls } = mockFetch({
    'GET /api/v1/tracks/t1/estimates': {
      body: [{ id: 'e2', field: 'genre', value: 'Jazz', confidence: 0.91, model: 'musicnn' }],
    },
    'POST /api/v1/tracks/t1/estimates/e2/reject': { body: {} },
  });
  renderWithClient(<AiSuggestions trackId="t1" />);

  await userEvent.click(await screen.findByRole('button', { name: 'Reject' }));

  await waitFor(() =>
    expect(calls.map((call) => call.path)).toContain('/api/v1/tracks/t1/estimates/e2/reject'),
  );
});

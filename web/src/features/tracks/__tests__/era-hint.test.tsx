import { screen, within } from '@testing-library/react';

import { renderWithClient } from '@/testing/render';

import type { Track } from '../api/track-schemas';
import { TrackFields } from '../components/track-fields';

const base = {
  id: 't1',
  partner_id: 'p1',
  title: 'Neon',
  moods: [],
  contributors: [],
  provenance: {},
} as unknown as Track;

test('the era hint is a read-only suggestion with its model and confidence', () => {
  const hinted = {
    ...base,
    era_hint: '1980s',
    provenance: {
      era_hint: {
        source: 'ai',
        at: '2026-12-06T12:00:00Z',
        model: 'musicnn',
        model_version: '0.1.0',
        confidence: 0.42,
        actor: null,
        detail: null,
      },
    },
  } as Track;
  renderWithClient(<TrackFields track={hinted} />);

  const row = screen.getByRole('row', { name: /Era \(suggestion\)/ });
  expect(within(row).getByText(/sounds like the 1980s/)).toBeInTheDocument();
  expect(within(row).getByText(/AI · musicnn 0.1.0 · 42% confident/)).toBeInTheDocument();
  expect(within(row).getByText(/release date is not changed/)).toBeInTheDocument();
  expect(within(row).queryByRole('button')).not.toBeInTheDocument(); // nothing to edit
});

test('no era row before the audio is analysed', () => {
  renderWithClient(<TrackFields track={base} />);

  expect(screen.queryByRole('row', { name: /Era/ })).not.toBeInTheDocument();
});

import { screen } from '@testing-library/react';

import { mockFetch } from '@/testing/fetch-mock';
import { renderWithClient } from '@/testing/render';

import type { Track } from '../api/track-schemas';
import { TrackFields } from '../components/track-fields';

const ANNA = '0b5e2c1e-1111-4a4a-9a9a-000000000001';
const BEN = '0b5e2c1e-2222-4a4a-9a9a-000000000002';
const ORIGINAL = '5c1c8f7e-4a47-4f0e-9d57-0d6f3f4a1f00';

const track = {
  id: 't1',
  title: 'Demo',
  genre: 'Jazz',
  bpm: 100,
  moods: [],
  contributors: [],
  provenance: {
    title: { source: 'human', at: '2026-12-01T09:00:00Z', actor: ANNA },
    bpm: {
      source: 'human',
      at: '2026-12-01T11:00:00Z',
      actor: BEN,
      detail: `undo of change ${ORIGINAL}`,
    },
  },
} as unknown as Track;

const history = {
  items: [
    {
      id: 'e1',
      occurred_at: '2026-12-01T10:00:00Z',
      action: 'track.update',
      retention_class: 'ddex',
      partner_id: 'p1',
      entity_type: 'track',
      entity_id: 't1',
      change_id: ORIGINAL,
      actor: { type: 'user', id: ANNA, name: 'Anna Editor' },
      changes: [{ field: 'bpm', before: 100, after: 101 }],
      detail: null,
      undoes: null,
      undone_by: {
        change_id: 'c2',
        actor_id: BEN,
        actor_name: 'Ben Fixer',
        at: '2026-12-01T11:00:00Z',
      },
    },
  ],
  next_before: null,
};

test('a value set by a person names them, and one an undo restored says who undid it, linked', async () => {
  mockFetch({ 'GET /api/v1/tracks/t1/history': { body: history } });
  renderWithClient(<TrackFields track={track} />);

  expect(await screen.findByText('human · Anna Editor')).toBeInTheDocument();
  const undone = screen.getByRole('link', { name: 'human · undone by Ben Fixer' });
  expect(undone).toHaveAttribute('href', '#change-c2');
  expect(screen.queryByText(new RegExp(ORIGINAL))).not.toBeInTheDocument();
  expect(screen.queryByText(new RegExp(ANNA))).not.toBeInTheDocument();
});

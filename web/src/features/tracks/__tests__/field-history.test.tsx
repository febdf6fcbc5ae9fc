import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { currentNotifications } from '@/lib/notifications';
import { mockFetch, problem } from '@/testing/fetch-mock';
import { renderWithClient } from '@/testing/render';

import { FieldHistory } from '../components/field-history';

const entry = {
  id: 'e1',
  occurred_at: '2026-12-01T10:00:00Z',
  action: 'track.update',
  retention_class: 'ddex',
  partner_id: 'p1',
  entity_type: 'track',
  entity_id: 't1',
  change_id: 'c1',
  actor: { type: 'user', id: 'user-8', client_id: null, request_id: 'r1' },
  changes: [{ field: 'bpm', before: 100, after: 101 }],
  detail: null,
};

test('a refused undo says why beside the entry, not as a bare "Conflict"', async () => {
  mockFetch({
    'GET /api/v1/tracks/t1/history': { body: { items: [entry], next_before: null } },
    'POST /api/v1/changes/c1/undo': problem(
      409,
      'track t1: bpm was changed later (change c2 at 2026-12-01T11:00:00); undo that change first',
    ),
  });
  renderWithClient(<FieldHistory trackId="t1" />);

  await userEvent.click(await screen.findByRole('button', { name: 'Undo' }));

  expect(await screen.findByRole('alert')).toHaveTextContent(
    'This change cannot be undone yet: track t1: bpm was changed later',
  );
  expect(currentNotifications()).toHaveLength(0);
});

test('entries name who acted, and an undone change links to the undo that names its author', async () => {
  const edit = {
    ...entry,
    actor: { type: 'user', id: '0b5e2c1e-1111-4a4a-9a9a-000000000001', name: 'Anna Editor' },
    undone_by: {
      change_id: 'c2',
      actor_id: '0b5e2c1e-2222-4a4a-9a9a-000000000002',
      actor_name: 'ben@example.com',
      at: '2026-12-01T11:00:00Z',
    },
  };
  const undo = {
    ...entry,
    id: 'e2',
    occurred_at: '2026-12-01T11:00:00Z',
    change_id: 'c2',
    actor: { type: 'user', id: '0b5e2c1e-2222-4a4a-9a9a-000000000002', name: 'ben@example.com' },
    changes: [{ field: 'bpm', before: 101, after: 100 }],
    detail: { note: 'undo of change c1' },
    undoes: 'c1',
  };
  mockFetch({
    'GET /api/v1/tracks/t1/history': { body: { items: [edit, undo], next_before: null } },
  });
  renderWithClient(<FieldHistory trackId="t1" />);

  expect(await screen.findByText('by Anna Editor')).toBeInTheDocument();
  expect(screen.getByRole('link', { name: 'undone by ben@example.com' })).toHaveAttribute(
    'href',
    '#change-c2',
  );
  expect(screen.getByRole('link', { name: 'undid an earlier change' })).toHaveAttribute(
    'href',
    '#change-c1',
  );
  expect(screen.queryByRole('button', { name: 'Undo' })).not.toBeInTheDocument();
  expect(document.getElementById('change-c2')).toHaveTextContent('by ben@example.com');
  expect(screen.queryByText(/0b5e2c1e/)).not.toBeInTheDocument();
});

import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { currentNotifications } from '@/lib/notifications';
import { mockFetch } from '@/testing/fetch-mock';
import { renderWithClient } from '@/testing/render';

import { BulkEditPanel } from '../components/bulk-edit-panel';

const targets = [
  { id: 't1', title: 'One', genre: null, bpm: 90 },
  { id: 't2', title: 'Two', genre: 'Pop', bpm: 180 },
];

test('setting the genre of two tracks is one bulk change that can be undone whole', async () => {
  const user = userEvent.setup();
  const { calls } = mockFetch({
    'PATCH /api/v1/tracks': { body: { change_set_id: 'cs-1', status: 'done', total: 2, done: 2 } },
    'POST /api/v1/changes/cs-1/undo': { body: { id: 'cs-2', status: 'done' } },
  });
  renderWithClient(<BulkEditPanel targets={targets} onClearSelection={() => undefined} />);

  await user.type(screen.getByLabelText('New value'), 'Ambient');
  await user.click(screen.getByRole('button', { name: 'Set for all' }));

  await screen.findByText('Set genre of 2 tracks', { selector: 'span' });
  expect(calls[0]).toMatchObject({
    method: 'PATCH',
    path: '/api/v1/tracks',
    body: {
      items: [
        { id: 't1', changes: { genre: 'Ambient' } },
        { id: 't2', changes: { genre: 'Ambient' } },
      ],
    },
  });
  expect(currentNotifications()[0]?.action?.label).toBe('Undo');
  await user.click(screen.getByRole('button', { name: 'Undo bulk change' }));
  await waitFor(() =>
    expect(calls.map((call) => call.path)).toContain('/api/v1/changes/cs-1/undo'),
  );
});

test('a value the field refuses is named before anything is sent', async () => {
  const user = userEvent.setup();
  const { calls } = mockFetch({});
  renderWithClient(<BulkEditPanel targets={targets} onClearSelection={() => undefined} />);

  await user.selectOptions(screen.getByLabelText('Field'), 'bpm');
  await user.type(screen.getByLabelText('New value'), '1000');
  await user.click(screen.getByRole('button', { name: 'Set for all' }));

  expect(screen.getByRole('alert')).toHaveTextContent('BPM: must be between 20 and 400 BPM');
  expect(calls).toHaveLength(0);
});

test('halving BPM sends each track its own new tempo', async () => {
  const { calls } = mockFetch({ 'PATCH /api/v1/tracks': { body: { id: 'cs-3', status: 'done' } } });
  renderWithClient(<BulkEditPanel targets={targets} onClearSelection={() => undefined} />);

  await userEvent.click(screen.getByRole('button', { name: 'Halve BPM' }));

  await waitFor(() => expect(calls).toHaveLength(1));
  expect(calls[0]?.body).toEqual({
    items: [
      { id: 't1', changes: { bpm: 45 } },
      { id: 't2', changes: { bpm: 90 } },
    ],
  });
});

test('accepting AI suggestions names every selected track', async () => {
  const { calls } = mockFetch({
    'POST /api/v1/tracks/estimates/accept': { body: { id: 'cs-4', status: 'done' } },
  });
  renderWithClient(<BulkEditPanel targets={targets} onClearSelection={() => undefined} />);

  await userEvent.click(screen.getByRole('button', { name: 'Accept AI suggestions' }));

  await waitFor(() => expect(calls[0]?.body).toEqual({ ids: ['t1', 't2'] }));
});

test('with nothing selected it explains how to select', () => {
  renderWithClient(<BulkEditPanel targets={[]} onClearSelection={() => undefined} />);

  expect(screen.getByText(/Select tracks/)).toBeInTheDocument();
});

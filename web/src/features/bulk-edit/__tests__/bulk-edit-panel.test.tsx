import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { currentNotifications } from '@/lib/notifications';
import { mockFetch } from '@/testing/fetch-mock';
import { renderWithClient } from '@/testing/render';

import { BulkEditPanel } from '../components/bulk-edit-panel';

const targets = [
  { id: 't1', title: 'One (Radio Edit)', genre: null, bpm: 90 },
  { id: 't2', title: 'Two', genre: 'Pop', bpm: 180 },
];

const changeSet = (id: string) => ({ id, status: 'done', total: 2, done: 2 });

test('setting the genre of two tracks is one bulk change that can be undone whole', async () => {
  const user = userEvent.setup();
  const { calls } = mockFetch({
    'PATCH /api/v1/tracks': { body: changeSet('cs-1') },
    'POST /api/v1/changes/cs-1/undo': { body: changeSet('cs-2') },
  });
  renderWithClient(<BulkEditPanel targets={targets} onClearSelection={() => undefined} />);

  await user.type(screen.getByLabelText('New value'), 'Ambient');
  await user.click(screen.getByRole('button', { name: 'Set for all' }));

  await screen.findByText('Set genre of 2 tracks', { selector: 'span' });
  expect(calls[0]).toMatchObject({
    method: 'PATCH',
    path: '/api/v1/tracks',
    body: { ids: ['t1', 't2'], set: { genre: 'Ambient' } },
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

test('find and replace is sent as such, and a search that changes nothing is said', async () => {
  const user = userEvent.setup();
  const { calls } = mockFetch({ 'PATCH /api/v1/tracks': { body: changeSet('cs-5') } });
  renderWithClient(<BulkEditPanel targets={targets} onClearSelection={() => undefined} />);

  await user.type(screen.getByLabelText('Find'), 'Extended Mix');
  await user.click(screen.getByRole('button', { name: 'Replace' }));
  expect(screen.getByRole('alert')).toHaveTextContent('Nothing would change');
  await user.clear(screen.getByLabelText('Find'));
  await user.type(screen.getByLabelText('Find'), ' (Radio Edit)');
  await user.click(screen.getByRole('button', { name: 'Replace' }));

  await waitFor(() => expect(calls).toHaveLength(1));
  expect(calls[0]?.body).toEqual({
    ids: ['t1', 't2'],
    find_replace: [{ field: 'title', find: ' (Radio Edit)', replace: '' }],
  });
});

test('halving BPM and accepting AI suggestions are one click each', async () => {
  const { calls } = mockFetch({ 'PATCH /api/v1/tracks': { body: changeSet('cs-3') } });
  renderWithClient(<BulkEditPanel targets={targets} onClearSelection={() => undefined} />);

  await userEvent.click(screen.getByRole('button', { name: 'Halve BPM' }));
  await waitFor(() => expect(calls).toHaveLength(1));
  await userEvent.click(screen.getByRole('button', { name: 'Accept AI suggestions' }));

  await waitFor(() => expect(calls).toHaveLength(2));
  expect(calls[0]?.body).toEqual({ ids: ['t1', 't2'], scale_bpm: 'halve' });
  expect(calls[1]?.body).toEqual({
    ids: ['t1', 't2'],
    accept_estimates: ['genre', 'sub_genre', 'moods', 'bpm', 'key'],
  });
});

test('a large bulk change shows its progress until the server has applied it', async () => {
  let polls = 0;
  mockFetch({
    'PATCH /api/v1/tracks': {
      status: 202,
      body: { id: 'cs-9', status: 'running', total: 4000, done: 0 },
    },
    'GET /api/v1/changes/cs-9': () => ({
      body: {
        id: 'cs-9',
        status: ++polls > 1 ? 'done' : 'running',
        total: 4000,
        done: polls > 1 ? 4000 : 1000,
      },
    }),
  });
  renderWithClient(<BulkEditPanel targets={targets} onClearSelection={() => undefined} />);

  await userEvent.click(screen.getByRole('button', { name: 'Double BPM' }));

  expect(
    await screen.findByRole('progressbar', { name: 'Bulk change progress' }),
  ).toBeInTheDocument();
});

test('with nothing selected it explains how to select', () => {
  renderWithClient(<BulkEditPanel targets={[]} onClearSelection={() => undefined} />);

  expect(screen.getByText(/Select tracks/)).toBeInTheDocument();
});

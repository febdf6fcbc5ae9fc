import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { mockFetch, problem } from '@/testing/fetch-mock';
import { renderWithClient } from '@/testing/render';

import type { Track } from '../api/track-schemas';
import { MasterSplitsEditor } from '../components/master-splits-editor';

const TRACK = {
  id: 't1',
  partner_id: 'p1',
  title: 'Harbour Lights',
  contributors: [],
  master_splits: [{ party_id: 'label', name: 'Example Records', share: 100 }],
  provenance: {},
} as unknown as Track;

const share = (n: number) =>
  screen.getByRole('textbox', { name: `Master share of rights holder ${n}` });

test('the master total runs beside the table and an off total is refused before sending', async () => {
  const { calls } = mockFetch({});
  renderWithClient(<MasterSplitsEditor track={TRACK} />);

  await userEvent.click(screen.getByRole('button', { name: 'Add rights holder' }));
  await userEvent.type(screen.getByRole('textbox', { name: 'Rights holder 2' }), 'Ada Writer');
  await userEvent.type(share(2), '20');
  await userEvent.click(screen.getByRole('button', { name: 'Save master splits' }));

  expect(screen.getByRole('status', { name: 'Master total' })).toHaveTextContent('120.00%');
  expect(screen.getByRole('alert')).toHaveTextContent(
    'totals 120.00%; the shares must total exactly 100.00%',
  );
  expect(calls).toHaveLength(0);
});

test('splits totalling 100 are sent with a new rights holder made a party first', async () => {
  const { calls } = mockFetch({
    'POST /api/v1/parties': { status: 201, body: { id: 'ada' } },
    'PATCH /api/v1/tracks/t1': { body: TRACK },
  });
  renderWithClient(<MasterSplitsEditor track={TRACK} />);

  await userEvent.clear(share(1));
  await userEvent.type(share(1), '66.67');
  await userEvent.click(screen.getByRole('button', { name: 'Add rights holder' }));
  await userEvent.type(screen.getByRole('textbox', { name: 'Rights holder 2' }), 'Ada Writer');
  await userEvent.type(share(2), '33.33');
  await userEvent.click(screen.getByRole('button', { name: 'Save master splits' }));

  await waitFor(() => expect(calls.map((c) => c.method)).toEqual(['POST', 'PATCH']));
  expect(screen.getByRole('status', { name: 'Master total' })).toHaveTextContent('100.00%');
  expect(calls[1]?.body).toEqual({
    master_splits: [
      { party_id: 'label', share: 66.67 },
      { party_id: 'ada', share: 33.33 },
    ],
  });
});

test("the server's refusal of one share shows beside that share", async () => {
  mockFetch({
    'PATCH /api/v1/tracks/t1': problem(
      422,
      '0 is not a percentage above 0, at most 100',
      'master_splits[0].share',
    ),
  });
  renderWithClient(<MasterSplitsEditor track={TRACK} />);

  await userEvent.click(screen.getByRole('button', { name: 'Save master splits' }));

  await waitFor(() =>
    expect(share(1)).toHaveAccessibleDescription('0 is not a percentage above 0, at most 100'),
  );
});

import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { mockFetch, problem } from '@/testing/fetch-mock';
import { renderWithClient } from '@/testing/render';

import { TracklistEditor } from '../components/tracklist-editor';
import { moved } from '../lib/tracklist-order';

const entry = (id: string, title: string, disc: number, number: number) => ({
  track_id: id,
  title,
  disc_number: disc,
  track_number: number,
  version_title: null,
  display_artist: null,
  isrc: null,
  duration_ms: null,
});

const tracklist = {
  release_id: 'r1',
  change_id: null,
  tracks: [entry('a', 'Intro', 1, 1), entry('b', 'Night Drive', 1, 2), entry('c', 'Outro', 1, 3)],
};

const URL = 'api/v1/releases/r1/tracklist';

test('the tracklist shows each track with its disc and number', async () => {
  mockFetch({ [`GET /${URL}`]: { body: tracklist } });

  renderWithClient(<TracklistEditor releaseId="r1" />);

  const rows = await screen.findAllByRole('row');
  expect(
    within(rows[2]!).getByRole('button', { name: 'Edit Track number of Night Drive: 2' }),
  ).toBeVisible();
  expect(screen.getByRole('button', { name: 'Move Intro up' })).toBeDisabled();
  expect(screen.getByRole('button', { name: 'Move Outro down' })).toBeDisabled();
});

test('each title opens its track page, where its ISRC, work and credits are edited', async () => {
  mockFetch({ [`GET /${URL}`]: { body: tracklist } });

  renderWithClient(<TracklistEditor releaseId="r1" />);

  expect(await screen.findByRole('link', { name: 'Night Drive' })).toHaveAttribute(
    'href',
    expect.stringMatching(/^\/track\/?\?id=b$/), // next/link drops the trailing slash in jest
  );
});

test('"move up" sends the whole new order, renumbered', async () => {
  const { calls } = mockFetch({
    [`GET /${URL}`]: { body: tracklist },
    [`PUT /${URL}`]: {
      body: {
        ...tracklist,
        tracks: [
          entry('a', 'Intro', 1, 1),
          entry('c', 'Outro', 1, 2),
          entry('b', 'Night Drive', 1, 3),
        ],
      },
    },
  });
  renderWithClient(<TracklistEditor releaseId="r1" />);

  await userEvent.click(await screen.findByRole('button', { name: 'Move Outro up' }));

  await waitFor(() => expect(calls.filter((c) => c.method === 'PUT')).toHaveLength(1));
  expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({
    tracks: [
      { track_id: 'a', disc_number: 1, track_number: 1 },
      { track_id: 'c', disc_number: 1, track_number: 2 },
      { track_id: 'b', disc_number: 1, track_number: 3 },
    ],
  });
  const rows = await screen.findAllByRole('row');
  await waitFor(() => expect(rows[2]).toBeDefined());
  expect(screen.getAllByRole('row')[2]).toHaveTextContent('Outro');
});

test('dragging a row onto another moves it there', async () => {
  const { calls } = mockFetch({
    [`GET /${URL}`]: { body: tracklist },
    [`PUT /${URL}`]: { body: tracklist },
  });
  renderWithClient(<TracklistEditor releaseId="r1" />);
  const rows = await screen.findAllByRole('row');

  fireEvent.dragStart(rows[1]!);
  fireEvent.dragOver(rows[3]!);
  fireEvent.drop(rows[3]!);

  await waitFor(() =>
    expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({
      tracks: [
        { track_id: 'b', disc_number: 1, track_number: 1 },
        { track_id: 'c', disc_number: 1, track_number: 2 },
        { track_id: 'a', disc_number: 1, track_number: 3 },
      ],
    }),
  );
});

test('remove takes the track off the release', async () => {
  const { calls } = mockFetch({
    [`GET /${URL}`]: { body: tracklist },
    [`DELETE /${URL}/b`]: {
      body: { ...tracklist, tracks: [entry('a', 'Intro', 1, 1), entry('c', 'Outro', 1, 2)] },
    },
  });
  renderWithClient(<TracklistEditor releaseId="r1" />);

  await userEvent.click(await screen.findByRole('button', { name: 'Remove Night Drive' }));

  await waitFor(() => expect(screen.queryByText('Night Drive')).not.toBeInTheDocument());
  expect(calls.map((c) => c.method)).toContain('DELETE');
});

test('a track number of 0 is refused beside the field and nothing is sent', async () => {
  const { calls } = mockFetch({ [`GET /${URL}`]: { body: tracklist } });
  renderWithClient(<TracklistEditor releaseId="r1" />);

  await userEvent.click(
    await screen.findByRole('button', { name: 'Edit Track number of Outro: 3' }),
  );
  const input = screen.getByRole('textbox', { name: 'Track number of Outro' });
  await userEvent.clear(input);
  await userEvent.type(input, '0{Enter}');

  expect(screen.getByRole('alert')).toHaveTextContent(
    'Track number of Outro: positions start at 1',
  );
  expect(calls.filter((c) => c.method !== 'GET')).toHaveLength(0);
});

test("a place already taken: the server's refusal is shown beside the field", async () => {
  const { calls } = mockFetch({
    [`GET /${URL}`]: { body: tracklist },
    [`PUT /${URL}`]: problem(422, 'disc 1 track 1 is already tracks[0]', 'tracks[2].track_number'),
  });
  renderWithClient(<TracklistEditor releaseId="r1" />);

  await userEvent.click(
    await screen.findByRole('button', { name: 'Edit Track number of Outro: 3' }),
  );
  const input = screen.getByRole('textbox', { name: 'Track number of Outro' });
  await userEvent.clear(input);
  await userEvent.type(input, '1{Enter}');

  expect(await screen.findByRole('alert')).toHaveTextContent(
    'tracks[2].track_number: disc 1 track 1 is already tracks[0]',
  );
  expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({
    tracks: [
      { track_id: 'a', disc_number: 1, track_number: 1 },
      { track_id: 'b', disc_number: 1, track_number: 2 },
      { track_id: 'c', disc_number: 1, track_number: 1 },
    ],
  });
  expect(input).toHaveValue('1');
});

test('a track found by title is added to the end', async () => {
  const { calls } = mockFetch({
    [`GET /${URL}`]: { body: tracklist },
    'GET /api/v1/tracks': {
      body: {
        items: [
          { id: 'd', title: 'Bonus', display_artist: null },
          { id: 'a', title: 'Intro' },
        ],
        next_cursor: null,
      },
    },
    [`POST /${URL}`]: {
      body: { ...tracklist, tracks: [...tracklist.tracks, entry('d', 'Bonus', 1, 4)] },
    },
  });
  renderWithClient(<TracklistEditor releaseId="r1" />);

  await userEvent.type(await screen.findByRole('searchbox'), 'bon');
  await userEvent.click(await screen.findByRole('button', { name: 'Add Bonus' }));

  await waitFor(() =>
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ track_id: 'd' }),
  );
  expect(screen.queryByRole('button', { name: 'Add Intro' })).not.toBeInTheDocument();
  expect(
    await screen.findByRole('button', { name: 'Edit Track number of Bonus: 4' }),
  ).toBeVisible();
});

test('a track moved onto another disc takes that disc and every disc is renumbered', () => {
  const places = [
    { track_id: 'a', disc_number: 1, track_number: 1 },
    { track_id: 'b', disc_number: 1, track_number: 2 },
    { track_id: 'c', disc_number: 2, track_number: 1 },
  ];

  expect(moved(places, 1, 2)).toEqual([
    { track_id: 'a', disc_number: 1, track_number: 1 },
    { track_id: 'c', disc_number: 2, track_number: 1 },
    { track_id: 'b', disc_number: 2, track_number: 2 },
  ]);
});

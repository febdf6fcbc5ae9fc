import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { mockFetch, problem } from '@/testing/fetch-mock';
import { renderWithClient } from '@/testing/render';

import { CreateReleaseFromTracks } from '../components/create-release-from-tracks';

test('nothing is offered without a selection', () => {
  renderWithClient(<CreateReleaseFromTracks trackIds={[]} onCreated={jest.fn()} />);

  expect(screen.queryByRole('button')).not.toBeInTheDocument();
});

test('the selected tracks become a release in grid order and the release opens', async () => {
  const onCreated = jest.fn();
  const { calls } = mockFetch({
    'POST /api/v1/releases/from-tracks': {
      status: 201,
      body: { release: { id: 'r9' }, change_id: 'c1', tracklist: { release_id: 'r9', tracks: [] } },
    },
  });
  renderWithClient(<CreateReleaseFromTracks trackIds={['t2', 't1', 't3']} onCreated={onCreated} />);

  await userEvent.click(
    screen.getByRole('button', { name: 'Create release from 3 selected tracks' }),
  );
  await userEvent.type(screen.getByRole('textbox', { name: 'Release title' }), 'Night Drive EP');
  expect(screen.getByRole('combobox', { name: 'Type' })).toHaveValue('Single'); // 3 tracks
  await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Type' }), 'EP');
  await userEvent.click(screen.getByRole('button', { name: 'Create release' }));

  await waitFor(() => expect(onCreated).toHaveBeenCalledWith('r9'));
  expect(calls[0]?.body).toEqual({
    title: 'Night Drive EP',
    release_type: 'EP',
    track_ids: ['t2', 't1', 't3'],
  });
});

test('an empty title is refused beside the field and nothing is sent', async () => {
  const { calls } = mockFetch({});
  renderWithClient(<CreateReleaseFromTracks trackIds={['t1']} onCreated={jest.fn()} />);

  await userEvent.click(
    screen.getByRole('button', { name: 'Create release from 1 selected track' }),
  );
  await userEvent.click(screen.getByRole('button', { name: 'Create release' }));

  expect(screen.getByRole('alert')).toHaveTextContent('a release needs a title');
  expect(screen.getByRole('textbox', { name: 'Release title' })).toHaveAttribute(
    'aria-invalid',
    'true',
  );
  expect(calls).toHaveLength(0);
});

test("the server's refusal is shown in the form, which stays open", async () => {
  const onCreated = jest.fn();
  mockFetch({
    'POST /api/v1/releases/from-tracks': problem(422, 'track t1 not found', 'track_ids[0]'),
  });
  renderWithClient(<CreateReleaseFromTracks trackIds={['t1']} onCreated={onCreated} />);

  await userEvent.click(
    screen.getByRole('button', { name: 'Create release from 1 selected track' }),
  );
  await userEvent.type(screen.getByRole('textbox', { name: 'Release title' }), 'Single');
  await userEvent.click(screen.getByRole('button', { name: 'Create release' }));

  expect(await screen.findByRole('alert')).toHaveTextContent('track_ids[0]: track t1 not found');
  expect(onCreated).not.toHaveBeenCalled();
});

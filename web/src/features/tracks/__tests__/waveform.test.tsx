import { screen } from '@testing-library/react';

import { currentNotifications } from '@/lib/notifications';
import { mockFetch, problem } from '@/testing/fetch-mock';
import { renderWithClient } from '@/testing/render';

import { Waveform } from '../components/waveform';

test('a track without kept audio says so quietly', async () => {
  mockFetch({ 'GET /api/v1/tracks/t1/audio': problem(404, 'track t1 has no audio') });

  renderWithClient(<Waveform trackId="t1" />);

  expect(await screen.findByText('No audio is kept for this track.')).toBeInTheDocument();
  expect(currentNotifications()).toHaveLength(0);
});

test('play waits until the audio is loaded', async () => {
  mockFetch({
    'GET /api/v1/tracks/t1/audio': {
      body: { url: '/local-blobs/audio/a.flac?sig=1', expires_s: 3600 },
    },
  });

  renderWithClient(<Waveform trackId="t1" />);

  expect(await screen.findByRole('button', { name: 'Play' })).toBeDisabled();
  expect(screen.getByRole('img', { name: 'Waveform' })).toBeInTheDocument();
});

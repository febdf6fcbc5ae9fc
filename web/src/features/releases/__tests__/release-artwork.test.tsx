import { screen } from '@testing-library/react';

import { currentNotifications } from '@/lib/notifications';
import { mockFetch, problem } from '@/testing/fetch-mock';
import { renderWithClient } from '@/testing/render';

import { ReleaseArtwork } from '../components/artwork-check';

test('a cover below the spec is shown with each failed rule', async () => {
  mockFetch({
    'GET /api/v1/releases/r1/artwork': {
      body: {
        mime_type: 'image/png',
        width: 1400,
        height: 1400,
        size_bytes: 900_000,
        url: '/local-blobs/audio/cover.png?sig=1',
      },
    },
  });

  renderWithClient(<ReleaseArtwork releaseId="r1" />);

  expect(await screen.findByText('does not meet the spec')).toBeInTheDocument();
  expect(screen.getByText('1400 px on the short side (3000 needed)')).toBeInTheDocument();
  expect(screen.getByRole('img', { name: 'Front cover' })).toHaveAttribute(
    'src',
    '/local-blobs/audio/cover.png?sig=1',
  );
});

test('a release without artwork says so, with no error notification', async () => {
  mockFetch({ 'GET /api/v1/releases/r2/artwork': problem(404, 'release r2 has no artwork') });

  renderWithClient(<ReleaseArtwork releaseId="r2" />);

  expect(
    await screen.findByText('no artwork: every store needs a front cover'),
  ).toBeInTheDocument();
  expect(currentNotifications()).toHaveLength(0);
});

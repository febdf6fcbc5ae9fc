import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { mockFetch, problem } from '@/testing/fetch-mock';
import { renderWithClient } from '@/testing/render';

import { ArtworkUpload } from '../components/artwork-upload';
import { readImageSize } from '../lib/image-size';

jest.mock('../lib/image-size', () => ({ readImageSize: jest.fn() }));
const sizeOf = readImageSize as jest.MockedFunction<typeof readImageSize>;

const file = (name: string, type: string) => new File(['x'.repeat(2048)], name, { type });
const picker = () => screen.getByLabelText('New front cover');

test('the spec check of the chosen cover is shown before anything is sent', async () => {
  sizeOf.mockResolvedValue({ width: 1400, height: 1400 });
  const { calls } = mockFetch({});
  renderWithClient(<ArtworkUpload releaseId="r1" />);

  await userEvent.upload(picker(), file('cover.png', 'image/png'));

  expect(
    await screen.findByText('The new cover does not meet the spec: stores will refuse it.'),
  ).toBeInTheDocument();
  expect(screen.getByText(/1400 px on the short side \(3000 needed\)/)).toBeInTheDocument();
  expect(calls).toHaveLength(0);
});

test('a cover that meets the spec is PUT as the raw body with its own type', async () => {
  sizeOf.mockResolvedValue({ width: 3000, height: 3000 });
  const { calls } = mockFetch({
    'PUT /api/v1/releases/r1/artwork': {
      body: { mime_type: 'image/jpeg', width: 3000, height: 3000, size_bytes: 2048, url: '/c.jpg' },
    },
  });
  renderWithClient(<ArtworkUpload releaseId="r1" />);

  await userEvent.upload(picker(), file('cover.jpg', 'image/jpeg'));
  expect(await screen.findByText('The new cover meets the spec.')).toBeInTheDocument();
  await userEvent.click(screen.getByRole('button', { name: 'Save as the front cover' }));

  await waitFor(() => expect(calls).toHaveLength(1));
  expect(calls[0]?.headers['Content-Type']).toBe('image/jpeg');
  await waitFor(() =>
    expect(screen.queryByRole('button', { name: 'Save as the front cover' })).toBeNull(),
  );
});

test('a file that is not a JPEG or PNG is refused beside the picker and nothing is sent', async () => {
  sizeOf.mockResolvedValue(null);
  const { calls } = mockFetch({});
  renderWithClient(<ArtworkUpload releaseId="r1" />);

  await userEvent.upload(picker(), file('notes.png', 'image/png'));

  expect(await screen.findByRole('alert')).toHaveTextContent(
    'notes.png: is not a JPEG or PNG image',
  );
  expect(picker()).toHaveAttribute('aria-invalid', 'true');
  expect(screen.queryByRole('button', { name: 'Save as the front cover' })).toBeNull();
  expect(calls).toHaveLength(0);
});

test("the server's refusal is shown beside the picker", async () => {
  sizeOf.mockResolvedValue({ width: 3000, height: 3000 });
  mockFetch({
    'PUT /api/v1/releases/r1/artwork': problem(422, 'is not a JPEG or PNG image', 'file'),
  });
  renderWithClient(<ArtworkUpload releaseId="r1" />);

  await userEvent.upload(picker(), file('cover.png', 'image/png'));
  await userEvent.click(await screen.findByRole('button', { name: 'Save as the front cover' }));

  expect(await screen.findByRole('alert')).toHaveTextContent('file: is not a JPEG or PNG image');
});

import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { mockFetch } from '@/testing/fetch-mock';
import { installFakeXhr } from '@/testing/fake-xhr';
import { renderWithClient } from '@/testing/render';

import { UploadPanel } from '../components/upload-panel';
import { PipelineStatus } from '../components/pipeline-status';

const status = (state: string, extra: Record<string, unknown> = {}) => ({
  upload_id: 'u1',
  filename: 'a.flac',
  state,
  progress: null,
  errors: [],
  warnings: [],
  ...extra,
});

test('the pipeline status shows the stage reached and what was found', async () => {
  mockFetch({
    'GET /api/v1/uploads/u1': {
      body: status('extracted', {
        found: {
          format: 'FLAC',
          codec: 'flac',
          duration_s: 187.4,
          sample_rate: 44100,
          bit_depth: 16,
          channels: 2,
          tags: { title: 'Night Drive', artist: 'Alma', artists: [], sources: {} },
        },
      }),
    },
  });

  renderWithClient(<PipelineStatus uploadId="u1" activeUploads={1} />);

  expect(await screen.findByText('Night Drive')).toBeInTheDocument();
  expect(screen.getByText('3:07')).toBeInTheDocument();
  expect(screen.getByText('44.1 kHz')).toBeInTheDocument();
  expect(screen.queryByText('sources')).not.toBeInTheDocument(); // empty values are left out
  expect(
    within(screen.getByRole('list', { name: 'Pipeline' })).getByText('Extracted'),
  ).toHaveAttribute('aria-current', 'step');
});

test('a duplicate warning links to the compare screen of the two tracks', async () => {
  mockFetch({
    'GET /api/v1/uploads/u1': {
      body: status('queued', {
        track_id: 't-new',
        duplicate_track_id: 't-old',
        warnings: [
          {
            code: 'isrc_in_catalog',
            message: "ISRC GBAYE2100123 is already on the track 'Night Drive': compare the two",
          },
        ],
      }),
    },
  });

  renderWithClient(<PipelineStatus uploadId="u1" activeUploads={1} />);

  expect(
    await screen.findByRole('link', { name: 'Compare with the track it duplicates' }),
  ).toHaveAttribute('href', '/compare?a=t-old&b=t-new');
});

test('a failed upload shows its error in words and can be retried', async () => {
  const { calls } = mockFetch({
    'GET /api/v1/uploads/u1': {
      body: status('failed', {
        errors: [
          { code: 'not_audio', message: 'readme.txt is not an audio file (it is plain text)' },
        ],
      }),
    },
    'POST /api/v1/uploads/u1/retry': { status: 202, body: status('received') },
  });
  renderWithClient(<PipelineStatus uploadId="u1" activeUploads={1} />);

  expect(
    await screen.findByText('readme.txt is not an audio file (it is plain text)'),
  ).toBeInTheDocument();
  await userEvent.click(screen.getByRole('button', { name: 'Retry' }));

  await waitFor(() =>
    expect(
      calls.some((call) => call.method === 'POST' && call.path === '/api/v1/uploads/u1/retry'),
    ).toBe(true),
  );
});

test('a failed analysis shows its error like any other failure (issue 14)', async () => {
  // analysis used to write errors as bare strings, which the page could not read
  mockFetch({
    'GET /api/v1/uploads/u1': {
      body: status('failed', {
        errors: [{ code: 'analysis_failed', message: 'model server unreachable' }],
      }),
    },
  });

  renderWithClient(<PipelineStatus uploadId="u1" activeUploads={1} />);

  expect(await screen.findByText('model server unreachable')).toBeInTheDocument();
  expect(screen.getByRole('button', { name: 'Retry' })).toBeInTheDocument();
});

test('picking files lists each one with its own transfer bar', async () => {
  installFakeXhr();
  mockFetch({
    'GET /api/v1/uploads': { body: { items: [] } },
    'POST /api/v1/uploads': {
      status: 201,
      body: { upload_id: 'u9', upload_url: '/x', method: 'PUT', headers: {} },
    },
  });
  renderWithClient(<UploadPanel />);

  fireEvent.change(screen.getByLabelText('Audio files'), {
    target: {
      files: [
        new File(['x'], 'one.wav', { type: 'audio/wav' }),
        new File(['y'], 'two.wav', { type: 'audio/wav' }),
      ],
    },
  });

  expect(
    await screen.findByRole('progressbar', { name: 'Transfer of one.wav' }),
  ).toBeInTheDocument();
  expect(screen.getByRole('progressbar', { name: 'Transfer of two.wav' })).toBeInTheDocument();
});

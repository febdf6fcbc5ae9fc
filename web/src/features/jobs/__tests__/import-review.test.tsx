import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { mockFetch } from '@/testing/fetch-mock';
import { renderWithClient } from '@/testing/render';

import type { ImportJob, Preview } from '../api/job-schemas';
import { ImportPanel } from '../components/import-panel';

const importJob = (changes: Partial<ImportJob>): ImportJob => ({
  id: 'i1',
  kind: 'import',
  partner_id: 'p1',
  state: 'uploaded',
  file: { name: 'catalog.csv', object: 'p1/i1/catalog.csv', size_bytes: 10 },
  upload_url: null,
  report_url: null,
  preview: null,
  errors: [],
  progress: null,
  counts: null,
  failure: null,
  created_at: '2026-11-24T12:00:00+00:00',
  updated_at: '2026-11-24T12:00:00+00:00',
  started_at: null,
  finished_at: null,
  ...changes,
});

/** What POST /imports/{id}/preview answers (PreviewOut) for a row that updates a track. */
const preview: Preview = {
  format: 'csv',
  encoding: 'utf-8',
  delimiter: ',',
  problem: null,
  mapping: {
    columns: { ISRC: 'isrc', Genre: 'genre', Explicit: 'explicit' },
    unmapped: [],
    missing_required: [],
  },
  rows: [
    {
      row: 2,
      values: { isrc: 'USRC17607839', genre: 'Rock', explicit: 'yes' },
      problems: [],
      updates: [
        { field: 'genre', old: 'Jazz', new: 'Rock', set_by_person: true },
        { field: 'explicit', old: null, new: 'yes', set_by_person: false },
      ],
    },
    {
      row: 3,
      values: { isrc: 'USRC1', genre: 'Pop', explicit: '' },
      problems: ["row 3, isrc: 'USRC1' has 5 characters, an ISRC has 12"],
      updates: [],
    },
  ],
};

function routes(extra: Parameters<typeof mockFetch>[0] = {}) {
  return mockFetch({
    'GET /api/v1/imports': { body: { imports: [importJob({})] } },
    'GET /api/v1/imports/i1': { body: importJob({}) },
    'POST /api/v1/imports/i1/preview': { body: preview },
    'POST /api/v1/imports/i1/start': { status: 202, body: importJob({ state: 'queued' }) },
    'DELETE /api/v1/imports/i1': { status: 204 },
    ...extra,
  });
}

async function openReview() {
  renderWithClient(<ImportPanel />);
  await userEvent.click(await screen.findByRole('button', { name: 'Review mapping' }));
  return screen.findByRole('table');
}

test('the review shows problems first, then each change old -> new, marking a person set one', async () => {
  routes();

  const table = await openReview();

  const headers = within(table)
    .getAllByRole('columnheader')
    .map((cell) => cell.textContent);
  expect(headers.slice(0, 3)).toEqual(['Row', 'Problems', 'Changes to existing values']);
  const changes = within(table).getByRole('list', { name: 'Changes in row 2' });
  expect(
    within(changes)
      .getAllByRole('listitem')
      .map((item) => item.textContent),
  ).toEqual(['genre: Jazz → Rock (set by a person)', 'explicit: (empty) → yes']);
  expect(within(table).getByText(/'USRC1' has 5 characters/)).toBeInTheDocument();
});

test('values a person set are kept unless the user chooses to overwrite them', async () => {
  const { calls } = routes();
  const user = userEvent.setup();
  await openReview();

  expect(screen.getByRole('radio', { name: 'Keep values a person set' })).toBeChecked();
  await user.click(screen.getByRole('radio', { name: /Overwrite them/ }));
  await user.click(screen.getByRole('button', { name: 'Start import' }));

  await waitFor(() =>
    expect(calls.find((call) => call.path.endsWith('/start'))?.body).toMatchObject({
      person_set_values: 'overwrite',
    }),
  );
});

test('an import left in review is deleted from the list', async () => {
  let deleted = false;
  const { calls } = routes({
    'GET /api/v1/imports': () => ({
      body: { imports: deleted ? [] : [importJob({ state: 'awaiting_upload' })] },
    }),
    'DELETE /api/v1/imports/i1': () => {
      deleted = true;
      return { status: 204 };
    },
  });
  renderWithClient(<ImportPanel />);

  await userEvent.click(await screen.findByRole('button', { name: 'Delete import catalog.csv' }));

  await waitFor(() => expect(screen.queryByText('catalog.csv')).toBeNull());
  expect(calls.filter((call) => call.method === 'DELETE').map((call) => call.path)).toEqual([
    '/api/v1/imports/i1',
  ]);
});

test('a running import offers no delete; an expired one says why', async () => {
  mockFetch({
    'GET /api/v1/imports': {
      body: {
        imports: [
          importJob({
            id: 'i2',
            state: 'running',
            file: { name: 'big.csv', object: 'o', size_bytes: 1 },
          }),
          importJob({
            id: 'i3',
            state: 'expired',
            file: { name: 'old.csv', object: 'o', size_bytes: null },
            failure: 'the import was never uploaded within 24 h; start a new one',
          }),
        ],
      },
    },
  });

  renderWithClient(<ImportPanel />);

  expect(await screen.findByText(/never uploaded within 24 h/)).toBeInTheDocument();
  expect(screen.queryByRole('button', { name: 'Delete import big.csv' })).toBeNull();
  expect(screen.getByRole('button', { name: 'Delete import old.csv' })).toBeInTheDocument();
  expect(screen.queryByRole('button', { name: 'Review mapping' })).toBeNull();
});

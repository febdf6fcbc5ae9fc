import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { installFakeXhr } from '@/testing/fake-xhr';
import { mockFetch } from '@/testing/fetch-mock';
import { renderWithClient } from '@/testing/render';

import type { ImportJob } from '../api/job-schemas';
import { ExportPanel } from '../components/export-panel';
import { ImportPanel } from '../components/import-panel';

/** An import's document as the API declares it (ImportJobOut), with ``changes`` on top. */
const importJob = (changes: Partial<ImportJob>): ImportJob => ({
  id: 'i1',
  kind: 'import',
  partner_id: 'p1',
  state: 'awaiting_upload',
  file: { name: 'catalog.csv', object: 'p1/i1/catalog.csv', size_bytes: null },
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

test('a finished export offers its signed download; a running one shows progress', async () => {
  mockFetch({
    'GET /api/v1/exports': {
      body: {
        exports: [
          { id: 'x1', state: 'succeeded', request: { format: 'csv' }, file_name: 'catalog.csv' },
          {
            id: 'x2',
            state: 'running',
            request: { format: 'ddex' },
            progress: { rows: 40, percent: 40 },
          },
        ],
      },
    },
    'GET /api/v1/exports/x1': {
      body: {
        id: 'x1',
        state: 'succeeded',
        request: { format: 'csv' },
        file_name: 'catalog.csv',
        download_url: '/local-blobs/exports/x1.csv?sig=1',
      },
    },
  });
  renderWithClient(<ExportPanel />);

  expect(await screen.findByRole('link', { name: 'Download catalog.csv' })).toHaveAttribute(
    'href',
    '/local-blobs/exports/x1.csv?sig=1',
  );
  expect(
    screen.getByRole('progressbar', { name: 'Progress of the DDEX ERN 4.3 export' }),
  ).toHaveAttribute('aria-valuenow', '40');
});

test('exporting the selected releases sends the format and their ids', async () => {
  const { calls } = mockFetch({
    'GET /api/v1/exports': { body: { exports: [] } },
    'POST /api/v1/exports': {
      status: 202,
      body: { id: 'x3', state: 'queued', request: { format: 'json' } },
    },
  });
  renderWithClient(<ExportPanel releaseIds={['r1', 'r2']} />);

  await userEvent.selectOptions(screen.getByLabelText('Format'), 'json');
  expect(screen.getByText(/Each row ends with ai_unreviewed/)).toBeInTheDocument();
  await userEvent.click(screen.getByRole('button', { name: 'Export 2 selected releases' }));

  await waitFor(() =>
    expect(calls.find((call) => call.method === 'POST')?.body).toEqual({
      format: 'json',
      release_ids: ['r1', 'r2'],
    }),
  );
});

test('an import is sent, its mapping previewed with the rows it gives, then started', async () => {
  const Xhr = installFakeXhr();
  const { calls } = mockFetch({
    'GET /api/v1/imports': { body: { imports: [] } },
    'POST /api/v1/imports': {
      status: 201,
      body: importJob({ upload_url: '/local-blobs/imports/i1.csv?sig=1' }),
    },
    'GET /api/v1/imports/i1': { body: importJob({}) },
    'POST /api/v1/imports/i1/preview': (call) => {
      const mapped = (call.body as { mapping?: Record<string, string> }).mapping?.Code === 'isrc';
      return {
        body: {
          format: 'csv',
          encoding: 'utf-8',
          mapping: {
            columns: mapped ? { Title: 'title', Code: 'isrc' } : { Title: 'title' },
            unmapped: mapped ? [] : ['Code'],
            missing_required: [],
          },
          rows: [
            {
              row: 2,
              values: mapped
                ? { title: 'Night Drive', isrc: 'USRC17607839' }
                : { title: 'Night Drive' },
              problems: [],
            },
          ],
        },
      };
    },
    'POST /api/v1/imports/i1/start': {
      status: 202,
      body: importJob({ state: 'queued' }),
    },
  });
  const user = userEvent.setup();
  renderWithClient(<ImportPanel />);

  fireEvent.change(screen.getByLabelText('File to import'), {
    target: {
      files: [
        new File(['Title,Code\nNight Drive,USRC17607839\n'], 'catalog.csv', { type: 'text/csv' }),
      ],
    },
  });
  await waitFor(() => expect(Xhr.sent).toHaveLength(1));
  act(() => Xhr.sent[0]!.respond(200));
  expect(await screen.findByText('Night Drive')).toBeInTheDocument();
  await user.selectOptions(screen.getByLabelText('Field for column Code'), 'isrc');
  expect(await screen.findByText('USRC17607839')).toBeInTheDocument();
  await user.click(screen.getByRole('button', { name: 'Start import' }));

  await waitFor(() =>
    expect(calls.find((call) => call.path.endsWith('/start'))?.body).toEqual({
      mapping: { Title: 'title', Code: 'isrc' },
      mode: 'all_or_nothing',
      person_set_values: 'keep',
    }),
  );
  expect(Xhr.sent[0]).toMatchObject({ method: 'PUT', url: '/local-blobs/imports/i1.csv?sig=1' });
});

test('a finished import shows its first invalid rows as the document holds them', async () => {
  mockFetch({
    'GET /api/v1/imports': {
      body: {
        imports: [
          importJob({
            state: 'failed',
            counts: { rows: 2, invalid: 1, valid: 1 },
            errors: [
              { row: 3, field: 'isrc', problem: "'USRC1' has 5 characters, an ISRC has 12" },
            ],
            report_url: '/api/v1/imports/i1/report',
          }),
        ],
      },
    },
  });

  renderWithClient(<ImportPanel />);

  expect(
    await screen.findByText("'USRC1' has 5 characters, an ISRC has 12", { exact: false }),
  ).toHaveTextContent("row 3, isrc: 'USRC1' has 5 characters, an ISRC has 12");
});

test('the row report downloads with the session token, not as a bare link (a raw 401 page)', async () => {
  const { calls } = mockFetch({
    'GET /api/v1/imports': {
      body: { imports: [importJob({ state: 'failed', report_url: '/api/v1/imports/i1/report' })] },
    },
    'GET /api/v1/imports/i1/report': { body: 'row,field,problem\n3,isrc,too short\n' },
  });
  const saved: Blob[] = [];
  URL.createObjectURL = jest.fn((blob: Blob) => {
    saved.push(blob);
    return 'blob:report';
  });
  URL.revokeObjectURL = jest.fn();
  const clicked = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
  renderWithClient(<ImportPanel />);

  await userEvent.click(await screen.findByRole('button', { name: 'Row report (CSV)' }));

  await waitFor(() => expect(saved).toHaveLength(1));
  expect(screen.queryByRole('link', { name: 'Row report (CSV)' })).toBeNull();
  expect(calls.find((c) => c.path === '/api/v1/imports/i1/report')?.headers.Accept).toBe(
    'text/csv',
  );
  expect(saved[0]?.type).toBe('text/csv');
  expect(clicked).toHaveBeenCalledTimes(1);
  clicked.mockRestore();
});

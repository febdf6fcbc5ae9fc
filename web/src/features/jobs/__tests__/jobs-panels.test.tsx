import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { mockFetch } from '@/testing/fetch-mock';
import { renderWithClient } from '@/testing/render';

import { ExportPanel } from '../components/export-panel';
import { ImportPanel } from '../components/import-panel';

test('a finished export offers its download; a running one shows progress', async () => {
  mockFetch({
    'GET /api/v1/exports': {
      body: {
        items: [
          {
            export_id: 'x1',
            format: 'csv',
            state: 'done',
            download_url: '/local-blobs/exports/x1.csv?sig=1',
            filename: 'catalog.csv',
            errors: [],
          },
          { export_id: 'x2', format: 'ddex', state: 'running', progress: 0.4, errors: [] },
        ],
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

test('starting an export of the selection sends its format and ids', async () => {
  const { calls } = mockFetch({
    'GET /api/v1/exports': { body: { items: [] } },
    'POST /api/v1/exports': { status: 202, body: { export_id: 'x3', state: 'queued', errors: [] } },
  });
  renderWithClient(<ExportPanel ids={['t1', 't2']} />);

  await userEvent.selectOptions(screen.getByLabelText('Format'), 'json');
  await userEvent.click(screen.getByRole('button', { name: 'Export 2 selected' }));

  await waitFor(() =>
    expect(calls.find((call) => call.method === 'POST')?.body).toEqual({
      format: 'json',
      entity: 'tracks',
      ids: ['t1', 't2'],
    }),
  );
});

test('an import waiting for its mapping shows the columns with their sample rows', async () => {
  const { calls } = mockFetch({
    'GET /api/v1/imports': {
      body: {
        items: [
          {
            import_id: 'i1',
            filename: 'catalog.csv',
            state: 'previewed',
            errors: [],
            preview: {
              columns: ['Title', 'Code'],
              sample_rows: [['Night Drive', 'USRC17607839']],
              mapping: { Title: 'title' },
              fields: ['title', 'isrc'],
            },
          },
        ],
      },
    },
    'GET /api/v1/imports/i1': (call) => ({
      body: {
        import_id: 'i1',
        filename: 'catalog.csv',
        state: 'previewed',
        errors: [],
        preview: {
          columns: ['Title', 'Code'],
          sample_rows: [['Night Drive', 'USRC17607839']],
          mapping: { Title: 'title' },
          fields: ['title', 'isrc'],
        },
        path: call.path,
      },
    }),
    'POST /api/v1/imports/i1/start': {
      body: { import_id: 'i1', state: 'running', progress: 0, errors: [] },
    },
  });
  const user = userEvent.setup();
  renderWithClient(<ImportPanel />);

  await user.click(await screen.findByRole('button', { name: 'Review mapping' }));
  expect(await screen.findByText('Night Drive')).toBeInTheDocument();
  await user.selectOptions(screen.getByLabelText('Field for column Code'), 'isrc');
  await user.click(screen.getByRole('button', { name: 'Start import' }));

  await waitFor(() =>
    expect(calls.find((call) => call.path.endsWith('/start'))?.body).toEqual({
      mapping: { Title: 'title', Code: 'isrc' },
    }),
  );
});

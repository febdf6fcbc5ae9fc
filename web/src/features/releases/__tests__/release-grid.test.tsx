import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { mockFetch } from '@/testing/fetch-mock';
import { renderWithClient } from '@/testing/render';

import { ReleaseGrid } from '../components/release-grid';

const release = {
  id: 'r1',
  title: 'Night Drive',
  display_artist: 'Nina Sky',
  release_type: 'EP',
  upc: null,
  label_name: null,
  release_date: null,
  status: 'draft',
  provenance: {},
  territories: ['Worldwide'],
};

function renderGrid() {
  renderWithClient(
    <ReleaseGrid
      filters={{}}
      selected={new Set()}
      onSelectedChange={jest.fn()}
      onOpenRelease={jest.fn()}
    />,
  );
}

async function editCell(columnsRight: number, name: string, text: string) {
  const grid = await screen.findByRole('grid', { name: 'Releases' });
  await screen.findByText('Night Drive');
  grid.focus();
  for (let i = 0; i < columnsRight; i += 1) fireEvent.keyDown(grid, { key: 'ArrowRight' });
  fireEvent.keyDown(grid, { key: 'Enter' });
  const editor = screen.getByRole('textbox', { name: `${name}, row 1` });
  await userEvent.clear(editor);
  await userEvent.type(editor, `${text}{Enter}`);
}

test('a bad UPC typed in the grid is refused in the cell and nothing is sent', async () => {
  const { calls } = mockFetch({
    'GET /api/v1/releases': { body: { items: [release], next_cursor: null } },
  });
  renderGrid();

  await editCell(3, 'UPC', '036000291453');

  expect(await screen.findByRole('alert')).toHaveTextContent('UPC/EAN: fails its check digit');
  expect(calls.filter((call) => call.method === 'PATCH')).toHaveLength(0);
});

test('a release date typed in the grid is PATCHed', async () => {
  const { calls } = mockFetch({
    'GET /api/v1/releases': { body: { items: [release], next_cursor: null } },
    'PATCH /api/v1/releases/r1': ({ body }) => ({
      body: { ...release, ...(body as object), change_id: 'c1' },
    }),
  });
  renderGrid();

  await editCell(5, 'Date', '2025-03-07');

  await waitFor(() =>
    expect(calls.find((call) => call.method === 'PATCH')?.body).toEqual({
      release_date: '2025-03-07',
    }),
  );
});

import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { mockFetch, problem } from '@/testing/fetch-mock';
import { renderWithClient } from '@/testing/render';

import type { Release } from '../api/release-schemas';
import { ReleaseFields } from '../components/release-fields';
import { parseReleaseField } from '../lib/release-fields';

const human = { source: 'human', at: '2026-12-01T10:00:00Z', actor: 'anna' } as const;

const release = {
  id: 'r1',
  partner_id: 'p1',
  title: 'Night Drive',
  version_title: null,
  release_type: 'EP',
  upc: null,
  grid: null,
  catalog_number: null,
  display_artist: 'Nina Sky',
  label_name: null,
  release_date: null,
  original_release_date: null,
  p_line: { text: 'Moonbeam Records', year: 2024 },
  c_line: null,
  genre: null,
  sub_genre: null,
  parental_advisory: 'NoAdviceAvailable',
  territories: ['Worldwide'],
  status: 'draft',
  provenance: { title: human },
} as unknown as Release;

const NO_HISTORY = { body: { items: [], next_before: null } };

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function edit(label: string, text: string) {
  await userEvent.click(
    screen.getByRole('button', { name: new RegExp(`^Edit ${escaped(label)}:`) }),
  );
  const input = screen.getByRole('textbox', { name: label });
  await userEvent.clear(input);
  if (text) await userEvent.type(input, text);
  await userEvent.click(screen.getByRole('button', { name: 'Save' }));
}

test('every field the validation rules ask for is shown with its source', () => {
  mockFetch({ 'GET /api/v1/releases/r1/history': NO_HISTORY });
  renderWithClient(<ReleaseFields release={release} />);

  for (const label of ['UPC/EAN', 'GRid', 'Catalogue number', 'Label', 'Territories'])
    expect(screen.getByRole('rowheader', { name: label })).toBeInTheDocument();
  expect(
    screen.getByRole('button', { name: 'Edit P-line (℗): 2024 Moonbeam Records' }),
  ).toBeVisible();
  expect(screen.getByText(/human/)).toBeInTheDocument();
});

test('a UPC with a wrong check digit is refused beside the field and nothing is sent', async () => {
  const { calls } = mockFetch({ 'GET /api/v1/releases/r1/history': NO_HISTORY });
  renderWithClient(<ReleaseFields release={release} />);

  await edit('UPC/EAN', '036000291453');

  expect(screen.getByRole('alert')).toHaveTextContent('UPC/EAN: fails its check digit');
  expect(screen.getByRole('textbox', { name: 'UPC/EAN' })).toHaveAttribute('aria-invalid', 'true');
  expect(calls.filter((call) => call.method !== 'GET')).toHaveLength(0);
});

test('a date that does not exist is refused before it is sent', async () => {
  const { calls } = mockFetch({ 'GET /api/v1/releases/r1/history': NO_HISTORY });
  renderWithClient(<ReleaseFields release={release} />);

  await edit('Release date', '2025-02-30');

  expect(screen.getByRole('alert')).toHaveTextContent('Release date: is not a date (YYYY-MM-DD)');
  expect(calls.filter((call) => call.method !== 'GET')).toHaveLength(0);
});

test('a good value is PATCHed in the API shape and the editor closes', async () => {
  const { calls } = mockFetch({
    'GET /api/v1/releases/r1/history': NO_HISTORY,
    'PATCH /api/v1/releases/r1': ({ body }) => ({
      body: { ...release, ...(body as object), change_id: 'c1' },
    }),
  });
  renderWithClient(<ReleaseFields release={release} />);

  await edit('C-line (©)', '© 2025 Moonbeam Records');

  const patches = () => calls.filter((call) => call.method === 'PATCH');
  await waitFor(() => expect(patches()).toHaveLength(1));
  expect(patches()[0]?.body).toEqual({ c_line: { text: 'Moonbeam Records', year: 2025 } });
  await waitFor(() => expect(screen.queryByRole('textbox')).not.toBeInTheDocument());
});

test("the server's refusal is shown beside the field and the editor stays open", async () => {
  mockFetch({
    'GET /api/v1/releases/r1/history': NO_HISTORY,
    'PATCH /api/v1/releases/r1': problem(422, "'XK' is not an ISO 3166-1 code", 'territories'),
  });
  renderWithClient(<ReleaseFields release={release} />);

  await edit('Territories', 'DE, XK');

  expect(await screen.findByRole('alert')).toHaveTextContent(
    "territories: 'XK' is not an ISO 3166-1 code",
  );
  expect(screen.getByRole('textbox', { name: 'Territories' })).toHaveValue('DE, XK');
});

test('the rules read what a label types', () => {
  expect(parseReleaseField('upc', '0 36000 29145 2')).toEqual({
    ok: true,
    changes: { upc: '036000291452' },
  });
  expect(parseReleaseField('grid', 'A1-2425G-ABC1234002-M')).toEqual({
    ok: true,
    changes: { grid: 'A12425GABC1234002M' },
  });
  expect(parseReleaseField('territories', 'de fr, ww')).toEqual({
    ok: true,
    changes: { territories: ['DE', 'FR', 'Worldwide'] },
  });
  expect(parseReleaseField('release_type', 'single')).toEqual({
    ok: true,
    changes: { release_type: 'Single' },
  });
  expect(parseReleaseField('parental_advisory', 'maybe').ok).toBe(false);
  expect(parseReleaseField('title', '  ').ok).toBe(false);
  expect(parseReleaseField('genre', '')).toEqual({ ok: true, changes: { genre: null } });
});

test("a value's source names the person from the release's history, not their id", async () => {
  const anna = '0b5e2c1e-1111-4a4a-9a9a-000000000001';
  mockFetch({
    'GET /api/v1/releases/r1/history': {
      body: {
        items: [
          {
            id: 'e1',
            occurred_at: '2026-12-01T10:00:00Z',
            action: 'release.update',
            retention_class: 'ddex',
            partner_id: 'p1',
            entity_type: 'release',
            entity_id: 'r1',
            change_id: 'c1',
            actor: { type: 'user', id: anna, name: 'Anna Editor' },
            changes: [{ field: 'title', before: 'Draft', after: 'Night Drive' }],
            detail: null,
            undoes: null,
            undone_by: null,
          },
        ],
        next_before: null,
      },
    },
  });
  const byAnna = { ...release, provenance: { title: { ...human, actor: anna } } };
  renderWithClient(<ReleaseFields release={byAnna as unknown as Release} />);

  expect(await screen.findByText('human · Anna Editor')).toBeInTheDocument();
  expect(screen.queryByText(new RegExp(anna))).not.toBeInTheDocument();
});

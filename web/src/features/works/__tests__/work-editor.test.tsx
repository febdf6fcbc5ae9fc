import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { ipiNameNumberProblem } from '@/lib/check-digits';
import { mockFetch, problem } from '@/testing/fetch-mock';
import { renderWithClient } from '@/testing/render';

import type { Work } from '../api/works';
import { WorkEditor } from '../components/work-editor';

const STORED: Work = {
  id: 'w1',
  partner_id: 'p1',
  title: 'Harbour Lights',
  iswc: 'T0345246801',
  alternate_titles: [],
  language: null,
  registration_status: 'unregistered',
  provenance: {},
  writers: [
    {
      party_id: 'ada',
      name: 'Ada Writer',
      role: 'C',
      pr_share: 50,
      mr_share: 0,
      sr_share: 0,
      controlled: true,
      ipi_name_number: '00000000199',
      pr_society: null,
      mr_society: null,
      sr_society: null,
      publisher_party_id: 'pub',
    },
  ],
  publishers: [
    {
      party_id: 'pub',
      name: 'Example Publishing',
      role: 'E',
      pr_share: 50,
      mr_share: 100,
      sr_share: 100,
      controlled: true,
      ipi_name_number: '09000000020',
      pr_society: null,
      mr_society: null,
      sr_society: null,
      publisher_party_id: null,
    },
  ],
};

const box = (name: string) => screen.getByRole('textbox', { name });
const total = (words: string) => screen.getByRole('status', { name: `${words} total` });

test('the identifier rules of ../shared/standards give the IPI verdicts', () => {
  expect(ipiNameNumberProblem('00000000199')).toBeNull();
  expect(ipiNameNumberProblem('09000000020')).toBeNull();
  expect(ipiNameNumberProblem('00000000198')).toBe('has check digits 98, expected 99');
  expect(ipiNameNumberProblem('0000000199')).toBe(
    'has 10 digits, an IPI name number has 11 (zero-padded)',
  );
});

test('a stored work shows role words, its shares and each right at 100.00%', () => {
  renderWithClient(<WorkEditor work={STORED} />);

  expect(screen.getByRole('combobox', { name: 'Role of writer 1' })).toHaveDisplayValue('Composer');
  expect(screen.getByRole('combobox', { name: 'Role of publisher 1' })).toHaveDisplayValue(
    'Original publisher',
  );
  expect(screen.getByRole('combobox', { name: 'Publisher of writer 1' })).toHaveDisplayValue(
    'Example Publishing',
  );
  expect(total('Performance')).toHaveTextContent('100.00%');
  expect(total('Mechanical')).toHaveTextContent('100.00%');
});

test('the running total follows each keystroke and an off total is refused before sending', async () => {
  const { calls } = mockFetch({});
  renderWithClient(<WorkEditor work={STORED} />);

  await userEvent.clear(box('Performance share of writer 1'));
  await userEvent.type(box('Performance share of writer 1'), '40');
  await userEvent.click(screen.getByRole('button', { name: 'Save work' }));

  expect(total('Performance')).toHaveTextContent('90.00%');
  expect(screen.getByRole('alert')).toHaveTextContent(
    'Performance: totals 90.00%; the shares must total exactly 100.00%',
  );
  expect(calls).toHaveLength(0);
});

test('a bad IPI is shown beside its field and nothing is sent', async () => {
  const { calls } = mockFetch({});
  renderWithClient(<WorkEditor work={STORED} />);

  await userEvent.clear(box('IPI name number of writer 1'));
  await userEvent.type(box('IPI name number of writer 1'), '00000000198');
  await userEvent.click(screen.getByRole('button', { name: 'Save work' }));

  expect(box('IPI name number of writer 1')).toHaveAccessibleDescription(
    'has check digits 98, expected 99',
  );
  expect(calls).toHaveLength(0);
});

test('a new work creates its writer and publisher as parties, then sends codes and shares', async () => {
  const created = { ...STORED, id: 'w2', title: 'Night Drive' };
  const { calls } = mockFetch({
    'POST /api/v1/parties': (call) => ({
      status: 201,
      body: { id: (call.body as { name: string }).name === 'Ada Writer' ? 'ada' : 'pub' },
    }),
    'POST /api/v1/works': { status: 201, body: created },
  });
  const onSaved = jest.fn();
  renderWithClient(<WorkEditor onSaved={onSaved} />);

  await userEvent.type(box('Work title'), 'Night Drive');
  await userEvent.type(box('ISWC'), 'T-034.524.680-1');
  await userEvent.click(screen.getByRole('button', { name: 'Add writer' }));
  await userEvent.click(screen.getByRole('button', { name: 'Add publisher' }));
  await userEvent.type(box('Name of writer 1'), 'Ada Writer');
  await userEvent.type(box('IPI name number of writer 1'), '00000000199');
  await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Role of writer 1' }), [
    'Composer',
  ]);
  await userEvent.type(box('Performance share of writer 1'), '50');
  await userEvent.type(box('Name of publisher 1'), 'Example Publishing');
  await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Publisher of writer 1' }), [
    'Example Publishing',
  ]);
  await userEvent.type(box('Performance share of publisher 1'), '50');
  await userEvent.type(box('Mechanical share of publisher 1'), '100');
  await userEvent.type(box('Sync share of publisher 1'), '100');
  await userEvent.click(screen.getByRole('button', { name: 'Create work' }));

  await waitFor(() => expect(onSaved).toHaveBeenCalledWith(created));
  expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([
    'POST /api/v1/parties',
    'POST /api/v1/parties',
    'POST /api/v1/works',
  ]);
  expect(calls[0]?.body).toEqual({
    name: 'Ada Writer',
    kind: 'unknown',
    ipi_name_number: '00000000199',
  });
  expect(calls[2]?.body).toEqual({
    title: 'Night Drive',
    iswc: 'T0345246801',
    alternate_titles: [],
    writers: [
      {
        party_id: 'ada',
        role: 'C',
        pr_share: 50,
        mr_share: 0,
        sr_share: 0,
        publisher_party_id: 'pub',
      },
    ],
    publishers: [{ party_id: 'pub', role: 'E', pr_share: 50, mr_share: 100, sr_share: 100 }],
  });
}, 30_000); // some twenty fields typed key by key

test("the server's refusal is shown beside the field it names", async () => {
  mockFetch({
    'PATCH /api/v1/works/w1': problem(422, "'XX' is not a CWR writer role", 'writers[0].role'),
  });
  renderWithClient(<WorkEditor work={STORED} />);

  await userEvent.click(screen.getByRole('button', { name: 'Save work' }));

  const row = screen.getByRole('combobox', { name: 'Role of writer 1' }).closest('td');
  await waitFor(() =>
    expect(within(row as HTMLElement).getByText("'XX' is not a CWR writer role")).toBeVisible(),
  );
});

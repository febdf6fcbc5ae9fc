import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { mockFetch, problem } from '@/testing/fetch-mock';
import { renderWithClient } from '@/testing/render';

import { AssignCodes } from '../components/assign-codes';
import { CodeOrigin } from '../components/code-origin';

const SOURCES = {
  items: [
    { id: 'p1', kind: 'isrc', display: 'ISRC prefix GB-UV7', label: null, used: 0 },
    {
      id: 'r1',
      kind: 'upc',
      display: 'UPC/EAN range 0360002000003..0360002999991',
      label: 'GS1',
      used: 0,
    },
  ],
};

test('nothing is offered without a selection', () => {
  mockFetch({ 'GET /api/v1/code-sources': { body: SOURCES } });
  renderWithClient(<AssignCodes kind="isrc" subjectIds={[]} />);

  expect(screen.queryByRole('button')).not.toBeInTheDocument();
});

test('the selected tracks get ISRCs from the prefix and the result is said', async () => {
  const { calls } = mockFetch({
    'GET /api/v1/code-sources': { body: SOURCES },
    'POST /api/v1/tracks/assign-isrcs': {
      body: {
        assigned: [{ code: 'GBUV72600001' }],
        kept: [{ subject_id: 't2', code: 'USRC17607839' }],
        change_id: 'c1',
      },
    },
  });
  renderWithClient(<AssignCodes kind="isrc" subjectIds={['t1', 't2']} />);

  await userEvent.click(screen.getByRole('button', { name: 'Assign ISRCs to 2 selected tracks' }));
  expect(await screen.findByRole('option', { name: 'ISRC prefix GB-UV7' })).toBeInTheDocument();
  expect(screen.queryByRole('option', { name: /UPC/ })).not.toBeInTheDocument();
  await userEvent.click(screen.getByRole('button', { name: 'Assign' }));

  expect(await screen.findByRole('status')).toHaveTextContent(
    'Assigned 1 ISRC: GBUV72600001. 1 track kept the ISRC it had',
  );
  expect(calls.find((call) => call.method === 'POST')?.body).toEqual({
    source_id: 'p1',
    track_ids: ['t1', 't2'],
    overwrite: false,
  });
});

test('a used-up range is shown beside the range picker', async () => {
  mockFetch({
    'GET /api/v1/code-sources': { body: SOURCES },
    'POST /api/v1/releases/assign-upcs': problem(
      422,
      'source_id: UPC/EAN range 0360002000003..0360002999991 is used up: all 1000 codes are issued',
      'source_id',
    ),
  });
  renderWithClient(<AssignCodes kind="upc" subjectIds={['r9']} />);

  await userEvent.click(screen.getByRole('button', { name: 'Assign UPC' }));
  await screen.findByRole('option', { name: /GS1/ });
  await userEvent.click(screen.getByRole('button', { name: 'Assign' }));

  const picker = screen.getByRole('combobox', { name: 'UPC/EAN range' });
  await waitFor(() => expect(picker).toHaveAttribute('aria-invalid', 'true'));
  expect(picker).toHaveAccessibleDescription(
    'UPC/EAN range 0360002000003..0360002999991 is used up: all 1000 codes are issued',
  );
});

test('without a prefix registered the user is sent to the settings', async () => {
  mockFetch({ 'GET /api/v1/code-sources': { body: { items: [] } } });
  renderWithClient(<AssignCodes kind="isrc" subjectIds={['t1']} />);

  await userEvent.click(screen.getByRole('button', { name: 'Assign ISRC' }));

  expect(await screen.findByRole('link', { name: 'Settings' })).toHaveAttribute(
    'href',
    expect.stringMatching(/^\/settings\/?$/),
  );
  expect(screen.getByRole('button', { name: 'Assign' })).toBeDisabled();
});

test("a code's origin names the prefix, who and when", async () => {
  mockFetch({
    'GET /api/v1/assigned-codes': {
      body: {
        items: [
          {
            code: 'GBUV72600001',
            source: 'ISRC prefix GB-UV7',
            assigned_by: 'u7',
            assigned_at: '2026-12-06T12:00:00Z',
            replaced: null,
          },
        ],
      },
    },
  });
  renderWithClient(<CodeOrigin subjectId="t1" code="GBUV72600001" />);

  expect(
    await screen.findByText('GBUV72600001 assigned from ISRC prefix GB-UV7 by u7 on 2026-12-06'),
  ).toBeInTheDocument();
});

import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { mockFetch, problem } from '@/testing/fetch-mock';
import { renderWithClient } from '@/testing/render';

import { DdexPartiesSettings } from '../components/ddex-parties-settings';

const SAVED = {
  sender_dpid: 'PADPIDA2007050901U',
  sender_name: 'Example Records',
  stores: [{ name: 'Example Shop', dpid: 'PADPIDA2009101501Y', is_default: true }],
};

test('saved parties are shown and a new default store is sent in its compact form', async () => {
  const { calls } = mockFetch({
    'GET /api/v1/ddex-parties': { body: SAVED },
    'PUT /api/v1/ddex-parties': ({ body }) => ({ body }),
  });
  renderWithClient(<DdexPartiesSettings />);

  expect(await screen.findByDisplayValue('PADPIDA2007050901U')).toBeInTheDocument();
  await userEvent.click(screen.getByRole('button', { name: 'Add a store' }));
  const added = screen.getByRole('group', { name: 'Store 2' });
  await userEvent.type(within(added).getByRole('textbox', { name: 'Store name' }), 'Streamer');
  await userEvent.type(
    within(added).getByRole('textbox', { name: 'Store DPID' }),
    'pa-dpida-2014120301-l',
  );
  await userEvent.click(within(added).getByRole('radio', { name: 'Default store' }));
  await userEvent.click(screen.getByRole('button', { name: 'Save DDEX parties' }));

  expect(await screen.findByRole('status')).toHaveTextContent('Saved.');
  expect(calls.find((call) => call.method === 'PUT')?.body).toEqual({
    sender_dpid: 'PADPIDA2007050901U',
    sender_name: 'Example Records',
    stores: [
      { name: 'Example Shop', dpid: 'PADPIDA2009101501Y', is_default: false },
      { name: 'Streamer', dpid: 'PADPIDA2014120301L', is_default: true },
    ],
  });
});

test('a malformed store DPID is refused beside its field and nothing is sent', async () => {
  const { calls } = mockFetch({ 'GET /api/v1/ddex-parties': { body: SAVED } });
  renderWithClient(<DdexPartiesSettings />);

  const dpid = await screen.findByRole('textbox', { name: 'Store DPID' });
  await userEvent.clear(dpid);
  await userEvent.type(dpid, 'PADPIDA123');
  await userEvent.click(screen.getByRole('button', { name: 'Save DDEX parties' }));

  expect(dpid).toHaveAttribute('aria-invalid', 'true');
  expect(dpid).toHaveAccessibleDescription(/PADPIDA and 11 letters or digits/);
  expect(calls.filter((call) => call.method === 'PUT')).toHaveLength(0);
});

test("the server's refusal of a check character shows beside the store it names", async () => {
  mockFetch({
    'GET /api/v1/ddex-parties': { body: SAVED },
    'PUT /api/v1/ddex-parties': problem(
      422,
      "'PADPIDA2009101501X' fails its ISO 7064 MOD 37-36 check character",
      'stores[0].dpid',
    ),
  });
  renderWithClient(<DdexPartiesSettings />);

  const dpid = await screen.findByRole('textbox', { name: 'Store DPID' });
  await userEvent.clear(dpid);
  await userEvent.type(dpid, 'PADPIDA2009101501X');
  await userEvent.click(screen.getByRole('button', { name: 'Save DDEX parties' }));

  await waitFor(() => expect(dpid).toHaveAttribute('aria-invalid', 'true'));
  expect(dpid).toHaveAccessibleDescription(/MOD 37-36 check character/);
  expect(screen.queryByRole('status')).not.toBeInTheDocument();
});

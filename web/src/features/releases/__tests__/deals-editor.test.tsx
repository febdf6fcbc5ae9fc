import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { mockFetch, problem } from '@/testing/fetch-mock';
import { renderWithClient } from '@/testing/render';

import { DealsEditor } from '../components/deals-editor';
import { describeDeal } from '../lib/deal-offers';

const streamingDeal = {
  id: 'd1',
  partner_id: 'p1',
  release_id: 'r1',
  commercial_models: ['AdvertisementSupportedModel'],
  use_types: ['NonInteractiveStream', 'OnDemandStream'],
  territories: ['Worldwide'],
  excluded_territories: ['CN'],
  start_date: '2025-03-07',
  end_date: null,
  provenance: {},
};

const noDeals = { 'GET /api/v1/deals': { body: { items: [], next_cursor: null } } };

test("deals are listed in the stores' words, not DDEX codes", async () => {
  mockFetch({ 'GET /api/v1/deals': { body: { items: [streamingDeal], next_cursor: null } } });

  renderWithClient(<DealsEditor releaseId="r1" />);

  const list = await screen.findByRole('list', { name: 'Deals' });
  expect(within(list).getByText('Streaming, free with ads')).toBeInTheDocument();
  expect(within(list).getByText('in Worldwide except CN')).toBeInTheDocument();
  expect(within(list).queryByText(/AdvertisementSupportedModel/)).toBeNull();
  expect(describeDeal({ commercial_models: ['RightsClaimModel'], use_types: ['Use'] })).toBe(
    'RightsClaimModel · Use',
  );
});

test('a worldwide streaming deal is one deal per offer chosen, with the DDEX codes', async () => {
  const { calls } = mockFetch({
    ...noDeals,
    'POST /api/v1/deals': ({ body }) => ({
      status: 201,
      body: { ...streamingDeal, ...(body as object) },
    }),
  });
  renderWithClient(<DealsEditor releaseId="r1" />);

  await userEvent.click(
    await screen.findByRole('checkbox', { name: 'Streaming, subscription (premium)' }),
  );
  await userEvent.click(screen.getByRole('checkbox', { name: 'Streaming, free with ads' }));
  await userEvent.type(screen.getByLabelText('From'), '2025-03-07');
  await userEvent.click(screen.getByRole('button', { name: 'Add deal' }));

  await waitFor(() => expect(calls.filter((c) => c.method === 'POST')).toHaveLength(2));
  expect(calls.filter((c) => c.method === 'POST').map((c) => c.body)).toEqual([
    {
      release_id: 'r1',
      commercial_models: ['SubscriptionModel'],
      use_types: ['OnDemandStream', 'NonInteractiveStream'],
      territories: ['Worldwide'],
      excluded_territories: [],
      start_date: '2025-03-07',
      end_date: null,
      preorder_start_date: null,
      instant_grat_track_ids: [],
    },
    expect.objectContaining({ commercial_models: ['AdvertisementSupportedModel'] }),
  ]);
});

test('an end before the start is refused beside the field and nothing is sent', async () => {
  const { calls } = mockFetch(noDeals);
  renderWithClient(<DealsEditor releaseId="r1" />);

  await userEvent.click(await screen.findByRole('checkbox', { name: 'Download to own (sale)' }));
  await userEvent.type(screen.getByLabelText('From'), '2025-03-07');
  await userEvent.type(screen.getByLabelText('Until (optional)'), '2025-01-01');
  await userEvent.click(screen.getByRole('button', { name: 'Add deal' }));

  expect(screen.getByRole('alert')).toHaveTextContent('Until (optional): is before the start date');
  expect(screen.getByLabelText('Until (optional)')).toHaveAttribute('aria-invalid', 'true');
  expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);
});

test('no offer, or a territory that is not a code, is refused before it is sent', async () => {
  const { calls } = mockFetch(noDeals);
  renderWithClient(<DealsEditor releaseId="r1" />);

  await userEvent.click(await screen.findByRole('button', { name: 'Add deal' }));
  expect(screen.getByRole('alert')).toHaveTextContent('Sell or stream as: choose at least one');

  await userEvent.click(screen.getByRole('checkbox', { name: 'Download to own (sale)' }));
  await userEvent.clear(screen.getByLabelText('Territories'));
  await userEvent.type(screen.getByLabelText('Territories'), 'Germany');
  await userEvent.type(screen.getByLabelText('From'), '2025-03-07');
  await userEvent.click(screen.getByRole('button', { name: 'Add deal' }));

  expect(screen.getByRole('alert')).toHaveTextContent('Territories: are ISO country codes');
  expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);
});

test("the server's refusal is shown beside the field it names", async () => {
  mockFetch({
    ...noDeals,
    'POST /api/v1/deals': problem(422, "'XK' is not an ISO 3166-1 alpha-2 code", 'territories'),
  });
  renderWithClient(<DealsEditor releaseId="r1" />);

  await userEvent.click(await screen.findByRole('checkbox', { name: 'Download to own (sale)' }));
  await userEvent.clear(screen.getByLabelText('Territories'));
  await userEvent.type(screen.getByLabelText('Territories'), 'XK');
  await userEvent.type(screen.getByLabelText('From'), '2025-03-07');
  await userEvent.click(screen.getByRole('button', { name: 'Add deal' }));

  expect(await screen.findByRole('alert')).toHaveTextContent("Territories: 'XK' is not an ISO");
  expect(screen.getByLabelText('Territories').parentElement).toContainElement(
    screen.getByRole('alert'),
  );
});

const tracklist = {
  'GET /api/v1/releases/r1/tracklist': {
    body: {
      release_id: 'r1',
      tracks: [
        { track_id: 't1', title: 'Opener', disc_number: 1, track_number: 1 },
        { track_id: 't2', title: 'Closer', disc_number: 1, track_number: 2 },
      ],
    },
  },
};

test('a pre-order date and an instant track go with the sale offer only', async () => {
  const { calls } = mockFetch({
    ...noDeals,
    ...tracklist,
    'POST /api/v1/deals': ({ body }) => ({
      status: 201,
      body: { ...streamingDeal, ...(body as object) },
    }),
  });
  renderWithClient(<DealsEditor releaseId="r1" />);

  await userEvent.click(await screen.findByRole('checkbox', { name: 'Download to own (sale)' }));
  await userEvent.click(screen.getByRole('checkbox', { name: 'Streaming, free with ads' }));
  await userEvent.type(screen.getByLabelText('From'), '2025-03-07');
  await userEvent.type(screen.getByLabelText('Pre-order from (optional)'), '2025-02-07');
  await userEvent.click(await screen.findByRole('checkbox', { name: 'Opener' }));
  await userEvent.click(screen.getByRole('button', { name: 'Add deal' }));

  await waitFor(() => expect(calls.filter((c) => c.method === 'POST')).toHaveLength(2));
  const bodies = calls.filter((c) => c.method === 'POST').map((c) => c.body);
  expect(bodies).toContainEqual(
    expect.objectContaining({
      commercial_models: ['PayAsYouGoModel'],
      preorder_start_date: '2025-02-07',
      instant_grat_track_ids: ['t1'],
    }),
  );
  expect(bodies).toContainEqual(
    expect.objectContaining({
      commercial_models: ['AdvertisementSupportedModel'],
      preorder_start_date: null,
      instant_grat_track_ids: [],
    }),
  );
});

test('a pre-order without a sale, or not before the sale day, is refused beside it', async () => {
  const { calls } = mockFetch({ ...noDeals, ...tracklist });
  renderWithClient(<DealsEditor releaseId="r1" />);

  await userEvent.click(
    await screen.findByRole('checkbox', { name: 'Streaming, subscription (premium)' }),
  );
  await userEvent.type(screen.getByLabelText('From'), '2025-03-07');
  await userEvent.type(screen.getByLabelText('Pre-order from (optional)'), '2025-02-07');
  await userEvent.click(screen.getByRole('button', { name: 'Add deal' }));

  expect(screen.getByRole('alert')).toHaveTextContent(
    'Pre-order from (optional): pre-orders are sales: also choose "Download to own (sale)"',
  );
  expect(screen.getByLabelText('Pre-order from (optional)')).toHaveAttribute(
    'aria-invalid',
    'true',
  );
  expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);
});

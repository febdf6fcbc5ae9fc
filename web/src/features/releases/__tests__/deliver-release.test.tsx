import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { mockFetch } from '@/testing/fetch-mock';
import { renderWithClient } from '@/testing/render';

import { DeliverRelease } from '../components/deliver-release';

const NO_STORES = { body: { sender_dpid: null, sender_name: null, stores: [] } };

const job = (state: string, extra: object = {}) => ({
  id: 'x1',
  kind: 'export',
  state,
  partner_id: 'p1',
  format: 'delivery',
  request: { format: 'delivery', release_ids: ['r1'], recipient_name: 'Example Store' },
  created_at: '2026-12-06T12:00:00+00:00',
  updated_at: '2026-12-06T12:00:00+00:00',
  ...extra,
});

test('Deliver queues a package for the store, shows its progress, then a download link', async () => {
  let deliveries: object[] = [];
  const { calls } = mockFetch({
    'GET /api/v1/ddex-parties': NO_STORES,
    'GET /api/v1/releases/r1/deliveries': () => ({ body: { deliveries } }),
    'POST /api/v1/releases/r1/deliveries': () => {
      deliveries = [job('running')];
      return { status: 202, body: job('queued') };
    },
    'GET /api/v1/exports/x1': {
      body: job('succeeded', {
        file_name: '036000291452-delivery.zip',
        download_url: '/local-blobs/exports/p1/x1/036000291452-delivery.zip?sig=1',
      }),
    },
  });
  renderWithClient(<DeliverRelease releaseId="r1" />);

  await userEvent.type(screen.getByLabelText('Store DPID'), 'PADPIDA2009101501Y');
  await userEvent.type(screen.getByLabelText('Store name'), 'Example Store');
  await userEvent.click(screen.getByRole('button', { name: 'Deliver' }));

  const list = await screen.findByRole('list', { name: 'Delivery packages' });
  expect(
    await within(list).findByRole('progressbar', {
      name: 'Progress of the delivery to Example Store',
    }),
  ).toBeInTheDocument();
  expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
    recipient_dpid: 'PADPIDA2009101501Y',
    recipient_name: 'Example Store',
  });

  deliveries = [job('succeeded', { file_name: '036000291452-delivery.zip' })];
  const link = await within(list).findByRole(
    'link',
    { name: 'Download 036000291452-delivery.zip' },
    { timeout: 5000 },
  );
  expect(link.getAttribute('href')).toContain(
    '/local-blobs/exports/p1/x1/036000291452-delivery.zip',
  );
});

test('a release that cannot be delivered shows the blocking findings, each linked to its field', async () => {
  const { calls } = mockFetch({
    'GET /api/v1/ddex-parties': NO_STORES,
    'GET /api/v1/releases/r1/deliveries': { body: { deliveries: [] } },
    'POST /api/v1/releases/r1/deliveries': {
      status: 422,
      body: {
        type: 'about:blank',
        title: 'Invalid input',
        status: 422,
        detail:
          "the release cannot be delivered: 2 blocking finding(s), e.g. 'track 1 has no audio file'",
        findings: [
          {
            layer: 'delivery',
            severity: 'blocking',
            location: 'package',
            message: 'track 1 (First Song) has no audio file',
            rule: 'delivery.file',
            target: { entity: 'track', id: 't1', field: 'asset' },
          },
          {
            layer: 'delivery',
            severity: 'blocking',
            location: 'Release',
            message: 'the release has no front cover',
            rule: 'artwork.missing',
            target: { entity: 'release', id: 'r1', field: 'artwork' },
          },
        ],
      },
    },
  });
  renderWithClient(<DeliverRelease releaseId="r1" />);

  await userEvent.click(screen.getByRole('button', { name: 'Deliver' }));

  const why = await screen.findByRole('list', { name: 'Why it cannot be delivered' });
  expect(
    within(why).getByRole('link', { name: 'track 1 (First Song) has no audio file' }),
  ).toHaveAttribute('href', '/track?id=t1#field-asset');
  expect(within(why).getByText('the release has no front cover')).toBeInTheDocument();
  expect(screen.getByRole('alert')).toHaveTextContent('cannot be delivered');
  expect(calls.find((c) => c.method === 'POST')?.body).toEqual({});
});

test('a store DPID of the wrong shape is refused beside the form and nothing is sent', async () => {
  const { calls } = mockFetch({
    'GET /api/v1/ddex-parties': NO_STORES,
    'GET /api/v1/releases/r1/deliveries': { body: { deliveries: [] } },
  });
  renderWithClient(<DeliverRelease releaseId="r1" />);

  await userEvent.type(screen.getByLabelText('Store DPID'), 'spotify');
  await userEvent.click(screen.getByRole('button', { name: 'Deliver' }));

  expect(await screen.findByRole('alert')).toHaveTextContent('PADPIDA2009101501Y');
  await waitFor(() => expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0));
});

test('a store of the settings, ERN 3.8.2 and a folder package are sent, and the folder is shown', async () => {
  const written = job('succeeded', {
    file_name: '036000291452-delivery.zip',
    folder: 'p1/deliveries/20261206120000000',
    request: { format: 'delivery', release_ids: ['r1'], store: 'Example Shop' },
  });
  const { calls } = mockFetch({
    'GET /api/v1/ddex-parties': {
      body: {
        sender_dpid: 'PADPIDA2007050901U',
        sender_name: 'Example Records',
        stores: [{ name: 'Example Shop', dpid: 'PADPIDA2009101501Y', is_default: true }],
      },
    },
    'GET /api/v1/releases/r1/deliveries': () => ({
      body: { deliveries: calls.some((c) => c.method === 'POST') ? [written] : [] },
    }),
    'POST /api/v1/releases/r1/deliveries': { status: 202, body: job('queued') },
    'GET /api/v1/exports/x1': { body: written },
  });
  renderWithClient(<DeliverRelease releaseId="r1" />);

  await userEvent.selectOptions(
    screen.getByLabelText('Store'),
    await screen.findByRole('option', { name: 'Example Shop (PADPIDA2009101501Y)' }),
  );
  await userEvent.selectOptions(screen.getByLabelText('ERN version'), '3.8.2');
  await userEvent.selectOptions(screen.getByLabelText('Package'), 'folder');
  await userEvent.click(screen.getByRole('button', { name: 'Deliver' }));

  expect(
    await screen.findByText('Folder in the exports bucket: p1/deliveries/20261206120000000/'),
  ).toBeInTheDocument();
  expect(screen.getByText('delivery to Example Shop')).toBeInTheDocument(); // the store it went to
  expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
    store: 'Example Shop',
    ern_version: '3.8.2',
    layout: 'folder',
  });
});

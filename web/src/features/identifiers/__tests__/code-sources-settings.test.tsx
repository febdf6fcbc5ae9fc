import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { mockFetch, problem } from '@/testing/fetch-mock';
import { renderWithClient } from '@/testing/render';

import { CodeSourcesSettings } from '../components/code-sources-settings';

const PREFIX = {
  id: 's1',
  kind: 'isrc',
  display: 'ISRC prefix GB-UV7',
  isrc_prefix: 'GB-UV7',
  first: null,
  last: null,
  size: null,
  used: 3,
  label: null,
  created_by: 'u1',
  created_at: '2026-12-06T12:00:00Z',
};

test('registered prefixes are listed and a new one is sent in its compact form', async () => {
  const { calls } = mockFetch({
    'GET /api/v1/code-sources': { body: { items: [PREFIX] } },
    'POST /api/v1/code-sources/isrc-prefixes': { status: 201, body: { ...PREFIX, id: 's2' } },
  });
  renderWithClient(<CodeSourcesSettings />);

  expect(await screen.findByText('ISRC prefix GB-UV7')).toBeInTheDocument();
  await userEvent.type(screen.getByRole('textbox', { name: 'Country code' }), 'us');
  await userEvent.type(screen.getByRole('textbox', { name: 'Registrant code' }), 'r-c1');
  await userEvent.click(screen.getByRole('button', { name: 'Register ISRC prefix' }));

  await waitFor(() => expect(calls.some((call) => call.method === 'POST')).toBe(true));
  expect(calls.find((call) => call.method === 'POST')?.body).toEqual({
    country_code: 'US',
    registrant_code: 'RC1',
  });
});

test('a bad country code is refused beside its field and nothing is sent', async () => {
  const { calls } = mockFetch({ 'GET /api/v1/code-sources': { body: { items: [] } } });
  renderWithClient(<CodeSourcesSettings />);

  await userEvent.type(screen.getByRole('textbox', { name: 'Country code' }), 'U5');
  await userEvent.type(screen.getByRole('textbox', { name: 'Registrant code' }), 'RC1');
  await userEvent.click(screen.getByRole('button', { name: 'Register ISRC prefix' }));

  const country = screen.getByRole('textbox', { name: 'Country code' });
  expect(country).toHaveAttribute('aria-invalid', 'true');
  expect(country).toHaveAccessibleDescription('the country code is 2 letters (GB, US, QZ...)');
  expect(calls.filter((call) => call.method === 'POST')).toHaveLength(0);
});

test("the server's refusal of a prefix shows beside the field it names", async () => {
  mockFetch({
    'GET /api/v1/code-sources': { body: { items: [] } },
    'POST /api/v1/code-sources/isrc-prefixes': problem(
      422,
      "country_code: 'XX': not an ISO 3166-1 country code",
      'country_code',
    ),
  });
  renderWithClient(<CodeSourcesSettings />);

  await userEvent.type(screen.getByRole('textbox', { name: 'Country code' }), 'XX');
  await userEvent.type(screen.getByRole('textbox', { name: 'Registrant code' }), 'RC1');
  await userEvent.click(screen.getByRole('button', { name: 'Register ISRC prefix' }));

  expect(await screen.findByText("'XX': not an ISO 3166-1 country code")).toBeInTheDocument();
  expect(screen.getByRole('textbox', { name: 'Country code' })).toHaveAttribute(
    'aria-invalid',
    'true',
  );
});

test('a range whose last code fails its check digit is refused beside it', async () => {
  const { calls } = mockFetch({ 'GET /api/v1/code-sources': { body: { items: [] } } });
  renderWithClient(<CodeSourcesSettings />);

  await userEvent.click(screen.getByRole('radio', { name: 'first and last code' }));
  await userEvent.type(screen.getByRole('textbox', { name: 'First code' }), '4006381333931');
  await userEvent.type(screen.getByRole('textbox', { name: 'Last code' }), '4006381333942');
  await userEvent.click(screen.getByRole('button', { name: 'Register UPC/EAN range' }));

  expect(screen.getByRole('textbox', { name: 'Last code' })).toHaveAccessibleDescription(
    'fails its check digit (the last digit)',
  );
  expect(screen.getByRole('textbox', { name: 'First code' })).not.toHaveAttribute('aria-invalid');
  expect(calls.filter((call) => call.method === 'POST')).toHaveLength(0);
});

test('a company prefix is sent with the length chosen', async () => {
  const { calls } = mockFetch({
    'GET /api/v1/code-sources': { body: { items: [] } },
    'POST /api/v1/code-sources/upc-ranges': { status: 201, body: PREFIX },
  });
  renderWithClient(<CodeSourcesSettings />);

  await userEvent.type(screen.getByRole('textbox', { name: 'GS1 company prefix' }), '0360002');
  await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Codes' }), '12');
  await userEvent.click(screen.getByRole('button', { name: 'Register UPC/EAN range' }));

  await waitFor(() =>
    expect(calls.find((call) => call.method === 'POST')?.body).toEqual({
      company_prefix: '0360002',
      length: 12,
    }),
  );
});

test('a prefix registered already is shown beside the registrant code', async () => {
  mockFetch({
    'GET /api/v1/code-sources': { body: { items: [] } },
    'POST /api/v1/code-sources/isrc-prefixes': problem(
      409,
      'registrant_code: ISRC prefix GB-UV7 is registered already',
      'registrant_code',
    ),
  });
  renderWithClient(<CodeSourcesSettings />);

  await userEvent.type(screen.getByRole('textbox', { name: 'Country code' }), 'GB');
  await userEvent.type(screen.getByRole('textbox', { name: 'Registrant code' }), 'UV7');
  await userEvent.click(screen.getByRole('button', { name: 'Register ISRC prefix' }));

  await waitFor(() =>
    expect(screen.getByRole('textbox', { name: 'Registrant code' })).toHaveAccessibleDescription(
      'ISRC prefix GB-UV7 is registered already',
    ),
  );
});

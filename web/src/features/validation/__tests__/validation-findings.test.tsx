import { screen } from '@testing-library/react';

import { mockFetch } from '@/testing/fetch-mock';
import { renderWithClient } from '@/testing/render';

import { ValidationFindings } from '../components/validation-findings';
import { hrefOfFinding } from '../lib/finding-links';

test('each finding links to the field to fix', async () => {
  mockFetch({
    'GET /api/v1/releases/r1/validation': {
      body: {
        findings: [
          {
            layer: 'business',
            severity: 'blocking',
            location: 'SoundRecording[2]',
            message: 'ISRC is missing',
            rule: 'ddex-isrc',
            target: { entity: 'track', id: 't2', field: 'isrc' },
          },
          {
            layer: 'delivery',
            severity: 'warning',
            location: 'Release',
            message: 'the title is in capitals',
            hint: 'write it in title case',
            target: null,
          },
        ],
      },
    },
  });

  renderWithClient(<ValidationFindings releaseId="r1" />);

  expect(await screen.findByRole('link', { name: 'ISRC is missing' })).toHaveAttribute(
    'href',
    expect.stringMatching(/^\/track\/?\?id=t2#field-isrc$/),
  );
  expect(screen.getByText('1 blocking, 1 warning')).toBeInTheDocument();
  expect(screen.getByText(/write it in title case/)).toBeInTheDocument();
});

test('the unset DPID warning links to the DDEX parties settings', async () => {
  mockFetch({
    'GET /api/v1/releases/r1/validation': {
      body: {
        findings: [
          {
            layer: 'business',
            severity: 'warning',
            location: 'MessageHeader',
            message: 'no DDEX sender or recipient DPID is configured; exports carry a placeholder',
            rule: 'ddex.dpid',
            target: null,
          },
        ],
      },
    },
  });

  renderWithClient(<ValidationFindings releaseId="r1" />);

  expect(
    await screen.findByRole('link', { name: /no DDEX sender or recipient DPID/ }),
  ).toHaveAttribute('href', '/settings#ddex-parties');
});

test('a finding about a work links to the work page at the field', () => {
  expect(
    hrefOfFinding({
      target: { entity: 'work', id: 'w1', field: 'pr_share' },
    } as Parameters<typeof hrefOfFinding>[0]),
  ).toBe('/work/?id=w1#field-pr_share');
});

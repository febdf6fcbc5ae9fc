import { fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';

import { mockFetch } from '@/testing/fetch-mock';

import { listReleases, type ReleaseFilters } from '../api/list-releases';
import { ReleaseFiltersBar } from '../components/release-filters';

function Harness({ seen }: { seen: ReleaseFilters[] }) {
  const [value, setValue] = useState<ReleaseFilters>({});
  return (
    <ReleaseFiltersBar
      value={value}
      onChange={(next) => {
        seen.push(next);
        setValue(next);
      }}
    />
  );
}

test('the failed validation chip toggles the filter and says whether it is on', () => {
  const seen: ReleaseFilters[] = [];
  render(<Harness seen={seen} />);
  const chip = screen.getByRole('button', { name: 'Failed validation' });

  fireEvent.click(chip);
  expect(chip).toHaveAttribute('aria-pressed', 'true');
  fireEvent.click(chip);

  expect(chip).toHaveAttribute('aria-pressed', 'false');
  expect(seen.map((filters) => filters.failed_validation)).toEqual([true, undefined]);
});

test('the failed validation filter asks the API for validation=failed', async () => {
  const { calls } = mockFetch({
    'GET /api/v1/releases': { body: { items: [], next_cursor: null } },
  });

  await listReleases({ failed_validation: true, missing_upc: true }, null);

  const query = new URLSearchParams(calls[0]?.search);
  expect(query.get('validation')).toBe('failed');
  expect(query.getAll('missing')).toEqual(['upc']);
});

import { render, screen } from '@testing-library/react';

import { BarChart, axisLabel } from '../bar-chart';

test('the axis label fits its 28-unit axis however large the top value is', () => {
  expect([3, 4.94, 104.9, 1004.9, 12_345, 2_500_000].map(axisLabel)).toEqual([
    '3',
    '4.9',
    '105',
    '1K',
    '12.3K',
    '2.5M',
  ]);
  for (const value of [104.9, 1004.9, 99_999.9, 12_345_678]) {
    expect(axisLabel(value).length).toBeLessThanOrEqual(5);
  }
});

test('the summary a screen reader hears keeps the exact values', () => {
  render(<BarChart title="Processing" bars={[{ label: 'high run', value: 1004.9 }]} unit=" s" />);

  expect(screen.getByRole('img', { name: 'Processing: high run: 1,004.9 s' })).toBeInTheDocument();
  expect(screen.getByText('1K')).toBeInTheDocument();
});

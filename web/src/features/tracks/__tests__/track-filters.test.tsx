import { act, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';

import { trackQuery, type TrackFilters } from '../api/list-tracks';
import { TrackFiltersBar } from '../components/track-filters';

test('each column filter maps to the list endpoint parameter that does it', () => {
  expect(trackQuery({ failed_validation: true })).toMatchObject({ validation: 'failed' });
  expect(trackQuery({ missing_isrc: true, invalid_identifiers: true })).toMatchObject({
    missing: ['isrc'],
    invalid: ['isrc'],
  });
  expect(trackQuery({}).validation).toBeUndefined();
});

test('search applies once typing stops, not on every key', () => {
  jest.useFakeTimers();
  const onChange = jest.fn<void, [TrackFilters]>();
  render(<TrackFiltersBar value={{ failed_validation: true }} onChange={onChange} />);
  const search = screen.getByRole('searchbox', { name: 'Search title, artist, ISRC' });

  fireEvent.change(search, { target: { value: 'blue' } });
  fireEvent.change(search, { target: { value: 'blue mo' } });
  expect(onChange).not.toHaveBeenCalled();
  act(() => {
    jest.advanceTimersByTime(300);
  });

  expect(onChange.mock.calls).toEqual([[{ failed_validation: true, q: 'blue mo' }]]);
  jest.useRealTimers();
});

test('the vocals filter asks for sung or instrumental tracks', () => {
  const onChange = jest.fn<void, [TrackFilters]>();
  render(<TrackFiltersBar value={{}} onChange={onChange} />);

  fireEvent.change(screen.getByRole('combobox', { name: 'Vocals' }), {
    target: { value: 'instrumental' },
  });

  expect(onChange.mock.calls).toEqual([[{ vocals: 'instrumental' }]]);
  expect(trackQuery({ vocals: 'instrumental' })).toMatchObject({ vocals: 'instrumental' });
});

test('the low AI confidence chip filters and, pressed again, clears the filter', () => {
  function Stateful({ seen }: { seen: TrackFilters[] }) {
    const [filters, setFilters] = useState<TrackFilters>({});
    return (
      <TrackFiltersBar
        value={filters}
        onChange={(next) => {
          seen.push(next);
          setFilters(next);
        }}
      />
    );
  }
  const seen: TrackFilters[] = [];
  render(<Stateful seen={seen} />);
  const chip = screen.getByRole('button', { name: 'Low AI confidence' });

  fireEvent.click(chip);
  expect(chip).toHaveAttribute('aria-pressed', 'true');
  fireEvent.click(chip);

  expect(chip).toHaveAttribute('aria-pressed', 'false');
  expect(trackQuery(seen[0] ?? {}).low_confidence).toBe(true);
  expect(trackQuery(seen[1] ?? {}).low_confidence).toBeUndefined();
});

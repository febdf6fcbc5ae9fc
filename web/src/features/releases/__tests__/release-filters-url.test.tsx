import { act, renderHook } from '@testing-library/react';

import { useUrlState } from '@/lib/url-state';

import { releaseFiltersCodec } from '../lib/filters-url';

beforeEach(() => window.history.replaceState(null, '', '/catalog/'));

test('the release search and filters are kept in the URL and come back on return', () => {
  const first = renderHook(() => useUrlState(releaseFiltersCodec));

  act(() => first.result.current[1]({ q: 'night', invalid_upc: true }));
  first.unmount(); // off to a release page...
  const back = renderHook(() => useUrlState(releaseFiltersCodec)); // ...and back

  expect(window.location.search).toBe('?release_q=night&release_invalid=upc');
  expect(back.result.current[0]).toEqual({ q: 'night', invalid_upc: true });
});

test("the dashboard's link opens the failed releases", () => {
  window.history.replaceState(null, '', '/catalog/?view=releases&validation=failed');

  const { result } = renderHook(() => useUrlState(releaseFiltersCodec));

  expect(result.current[0]).toEqual({ failed_validation: true });
});

test('a hook sharing a parameter reads it again when another one writes it', () => {
  window.history.replaceState(null, '', '/catalog/?validation=failed');
  const one = renderHook(() => useUrlState(releaseFiltersCodec));
  const other = renderHook(() => useUrlState(releaseFiltersCodec));

  act(() => one.result.current[1]({}));

  expect(window.location.search).toBe('');
  expect(other.result.current[0]).toEqual({});
});

import { act, renderHook } from '@testing-library/react';

import { useUrlState } from '@/lib/url-state';

import { trackFiltersCodec } from '../lib/filters-url';

beforeEach(() => window.history.replaceState(null, '', '/catalog/'));

test('search, filters and sort go into the query string and come back on return', () => {
  const first = renderHook(() => useUrlState(trackFiltersCodec));

  act(() =>
    first.result.current[1]({ q: 'night drive', sort: '-bpm', genre: 'House', missing_isrc: true }),
  );
  first.unmount(); // off to a track page...
  const back = renderHook(() => useUrlState(trackFiltersCodec)); // ...and back

  expect(window.location.pathname).toBe('/catalog/');
  expect(new URLSearchParams(window.location.search).get('q')).toBe('night drive');
  expect(window.location.search).toContain('sort=-bpm');
  expect(window.location.search).toContain('missing=isrc');
  expect(back.result.current[0]).toEqual({
    q: 'night drive',
    sort: '-bpm',
    genre: 'House',
    missing_isrc: true,
  });
});

test('clearing a filter removes it from the URL and leaves other parameters alone', () => {
  window.history.replaceState(null, '', '/catalog/?view=tracks&q=old&low_confidence=1');
  const { result } = renderHook(() => useUrlState(trackFiltersCodec));

  act(() => result.current[1]({ low_confidence: true }));

  expect(result.current[0]).toEqual({ low_confidence: true });
  expect(window.location.search).toBe('?view=tracks&low_confidence=1');
});

test('the back button (popstate) restores the filters of that history entry', () => {
  const { result } = renderHook(() => useUrlState(trackFiltersCodec));

  act(() => {
    window.history.pushState(null, '', '/catalog/?q=sunrise&sort=title');
    window.dispatchEvent(new PopStateEvent('popstate'));
  });

  expect(result.current[0]).toEqual({ q: 'sunrise', sort: 'title' });
});

test('an unknown sort or vocals value in a hand-edited URL is ignored, not sent to the API', () => {
  window.history.replaceState(null, '', '/catalog/?sort=-password&vocals=choir&q=x');

  const { result } = renderHook(() => useUrlState(trackFiltersCodec));

  expect(result.current[0]).toEqual({ q: 'x' });
});

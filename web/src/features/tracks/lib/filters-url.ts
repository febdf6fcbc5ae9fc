import { setParam, type UrlCodec } from '@/lib/url-state';

import type { TrackFilters } from '../api/list-tracks';

/** The columns the track grid sorts by (the API's sort names); "-name" sorts descending. */
export const TRACK_SORTS = ['title', 'display_artist', 'isrc', 'release', 'bpm', 'updated_at'];

const TOGGLES = [
  ['missing_isrc', 'missing', 'isrc'],
  ['invalid_identifiers', 'invalid', 'isrc'],
  ['low_confidence', 'low_confidence', '1'],
  ['failed_validation', 'validation', 'failed'],
] as const;

const VOCALS = ['vocal', 'instrumental'] as const;

function knownSort(raw: string | null): string | undefined {
  return raw && TRACK_SORTS.includes(raw.replace(/^-/, '')) ? raw : undefined;
}

/** The track grid's search, filters and sort in the catalog page's query string. */
export const trackFiltersCodec: UrlCodec<TrackFilters> = {
  read(params) {
    const filters: TrackFilters = {};
    const text = (name: 'q' | 'genre' | 'status') => params.get(name) || undefined;
    filters.q = text('q');
    filters.genre = text('genre');
    filters.status = text('status');
    const vocals = params.get('vocals');
    filters.vocals = VOCALS.find((value) => value === vocals);
    filters.sort = knownSort(params.get('sort'));
    for (const [key, name, value] of TOGGLES)
      filters[key] = params.get(name) === value || undefined;
    return Object.fromEntries(
      Object.entries(filters).filter(([, value]) => value !== undefined),
    ) as TrackFilters;
  },
  write(filters, params) {
    setParam(params, 'q', filters.q);
    setParam(params, 'genre', filters.genre);
    setParam(params, 'status', filters.status);
    setParam(params, 'vocals', filters.vocals);
    setParam(params, 'sort', filters.sort);
    for (const [key, name, value] of TOGGLES) setParam(params, name, filters[key] ? value : false);
  },
};

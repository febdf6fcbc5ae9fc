import { setParam, type UrlCodec } from '@/lib/url-state';

import type { ReleaseFilters } from '../api/list-releases';

/**
 * The release grid's search and filters in the catalog page's query string. Its own names start
 * with `release_` (the track grid's `q` is another search); `validation=failed` is shared with
 * the track grid, as the dashboard's link to the failed releases has always meant both.
 */
export const releaseFiltersCodec: UrlCodec<ReleaseFilters> = {
  read(params) {
    const filters: ReleaseFilters = {
      q: params.get('release_q') || undefined,
      missing_upc: params.get('release_missing') === 'upc' || undefined,
      invalid_upc: params.get('release_invalid') === 'upc' || undefined,
      failed_validation: params.get('validation') === 'failed' || undefined,
    };
    return Object.fromEntries(
      Object.entries(filters).filter(([, value]) => value !== undefined),
    ) as ReleaseFilters;
  },
  write(filters, params) {
    setParam(params, 'release_q', filters.q);
    setParam(params, 'release_missing', filters.missing_upc ? 'upc' : false);
    setParam(params, 'release_invalid', filters.invalid_upc ? 'upc' : false);
    setParam(params, 'validation', filters.failed_validation ? 'failed' : false);
  },
};

import { useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { ApiSchemas } from '@/lib/api-types';

type DdexParties = ApiSchemas['DdexPartiesOut'];
export type DdexStore = ApiSchemas['DdexStoreOut'];

/** The stores of the partner's DDEX settings, to deliver to by name. */
export const useDdexStores = () =>
  useQuery({
    queryKey: ['ddex-parties'],
    queryFn: () => api.get<DdexParties>('/ddex-parties'),
    select: (parties) => parties.stores,
  });

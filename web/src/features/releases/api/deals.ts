import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { ApiSchemas } from '@/lib/api-types';

import type { Deal, DealPage } from './release-schemas';

type DealCreate = ApiSchemas['DealCreate'];

const dealsKey = (releaseId: string) => ['releases', 'deals', releaseId] as const;

export const listDeals = (releaseId: string) =>
  api.get<DealPage>('/deals', { query: { release_id: releaseId, limit: 200 } });

export const useReleaseDeals = (releaseId: string) =>
  useQuery({ queryKey: dealsKey(releaseId), queryFn: () => listDeals(releaseId) });

/** Create the deals in turn (one per offer); the first refusal stops and is shown. */
export async function createDeals(bodies: DealCreate[]): Promise<Deal[]> {
  const created: Deal[] = [];
  for (const body of bodies)
    created.push(await api.post<Deal>('/deals', body, { notifyOnError: false }));
  return created;
}

export function useDealEdits(releaseId: string) {
  const queryClient = useQueryClient();
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: dealsKey(releaseId) });
    void queryClient.invalidateQueries({ queryKey: ['validation', releaseId] });
  };
  const add = useMutation({ mutationFn: createDeals, onSettled: refresh });
  const remove = useMutation({
    mutationFn: (dealId: string) =>
      api.delete(`/deals/${encodeURIComponent(dealId)}`, { notifyOnError: false }),
    onSettled: refresh,
  });
  return { add, remove };
}

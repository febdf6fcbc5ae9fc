import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { ApiSchemas } from '@/lib/api-types';

// The partner's DDEX sender and stores as the API declares them (generated from OpenAPI)
export type DdexParties = ApiSchemas['DdexPartiesOut'];
export type DdexStore = ApiSchemas['DdexStoreOut'];
export type DdexPartiesInput = ApiSchemas['DdexPartiesIn'];

export const getDdexParties = () => api.get<DdexParties>('/ddex-parties');

export const useDdexParties = () =>
  useQuery({ queryKey: ['ddex-parties'], queryFn: getDdexParties });

export const setDdexParties = (input: DdexPartiesInput) =>
  api.put<DdexParties>('/ddex-parties', input, { notifyOnError: false });

export function useSetDdexParties() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: setDdexParties,
    onSuccess: (saved) => queryClient.setQueryData(['ddex-parties'], saved),
  });
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { ApiSchemas } from '@/lib/api-types';

export type DeadLetter = ApiSchemas['DeadLetterOut'];
export type DeadLetters = ApiSchemas['DeadLetterListOut'];

const deadLettersKey = ['stats', 'dead-letters'] as const;

/** The partner's work that failed three times and was set aside, newest first. */
export const getDeadLetters = () => api.get<DeadLetters>('/dead-letters', { query: { limit: 50 } });

export const useDeadLetters = (enabled: boolean) =>
  useQuery({ queryKey: deadLettersKey, queryFn: getDeadLetters, enabled, refetchInterval: 30_000 });

/** Mark one as dealt with; the list and the dashboard's count are read again. */
export function useDismissDeadLetter() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (letterId: string) =>
      api.post<void>(`/dead-letters/${encodeURIComponent(letterId)}/dismiss`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['stats'] }),
  });
}

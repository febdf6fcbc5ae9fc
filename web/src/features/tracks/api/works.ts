import { useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { ApiSchemas } from '@/lib/api-types';

export type Work = ApiSchemas['WorkOut'];
type WorkPage = ApiSchemas['WorkPage'];

export const getWork = (workId: string) => api.get<Work>(`/works/${encodeURIComponent(workId)}`);

export const useWork = (workId: string | null | undefined) =>
  useQuery({
    queryKey: ['works', workId],
    queryFn: () => getWork(workId as string),
    enabled: Boolean(workId),
  });

export const searchWorks = (q: string) => api.get<WorkPage>('/works', { query: { q, limit: 10 } });

export const useWorkSearch = (q: string) =>
  useQuery({
    queryKey: ['works', 'search', q],
    queryFn: () => searchWorks(q),
    enabled: q.trim().length >= 2,
  });

export type NewWork = { title: string; iswc?: string };

/** A new musical work (its writers and publishers are added later). */
export const createWork = (input: NewWork) =>
  api.post<Work>('/works', input, { notifyOnError: false });

import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';

import { api } from '@/lib/api-client';

const WriterSchema = z
  .object({
    name: z.string().nullish(),
    role: z.string().nullish(),
    pr_share: z.number().nullish(),
    mr_share: z.number().nullish(),
  })
  .passthrough();

export const WorkSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    iswc: z.string().nullish(),
    writers: z.array(WriterSchema).default([]),
    publishers: z.array(WriterSchema).default([]),
  })
  .passthrough();
export type Work = z.infer<typeof WorkSchema>;

const WorkPageSchema = z.object({ items: z.array(WorkSchema) }).passthrough();

export const getWork = (workId: string) =>
  api.get(`/works/${encodeURIComponent(workId)}`, { schema: WorkSchema });

export const useWork = (workId: string | null | undefined) =>
  useQuery({
    queryKey: ['works', workId],
    queryFn: () => getWork(workId as string),
    enabled: Boolean(workId),
  });

export const searchWorks = (q: string) =>
  api.get('/works', { query: { q, limit: 10 }, schema: WorkPageSchema });

export const useWorkSearch = (q: string) =>
  useQuery({
    queryKey: ['works', 'search', q],
    queryFn: () => searchWorks(q),
    enabled: q.trim().length >= 2,
  });

import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';

import { api } from '@/lib/api-client';

const TimingSchema = z.object({
  priority: z.string(),
  count: z.number(),
  queue_p50_ms: z.number().nullable(),
  queue_p95_ms: z.number().nullable(),
  processing_p50_ms: z.number().nullable(),
  processing_p95_ms: z.number().nullable(),
});

export const DashboardSchema = z.object({
  window_days: z.number(),
  counts: z.object({ tracks: z.number(), releases: z.number(), works: z.number() }),
  confidence_histogram: z.array(z.object({ low: z.number(), high: z.number(), count: z.number() })),
  processing_times: z.array(TimingSchema),
  dead_letters: z.object({
    open: z.number(),
    oldest_age_s: z.number(),
    by_topic: z.array(z.object({ topic: z.string(), count: z.number() })),
  }),
  validation: z.object({
    valid: z.number(),
    failed: z.number(),
    unchecked: z.number(),
    pending: z.number(),
  }),
});
export type Dashboard = z.infer<typeof DashboardSchema>;

export const getDashboard = (days: number) =>
  api.get('/stats/dashboard', { query: { days }, schema: DashboardSchema });

export const useDashboard = (days: number) =>
  useQuery({
    queryKey: ['stats', 'dashboard', days],
    queryFn: () => getDashboard(days),
    refetchInterval: 30_000,
  });

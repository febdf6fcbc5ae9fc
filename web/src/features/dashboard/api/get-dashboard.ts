import { useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import type { ApiSchemas } from '@/lib/api-types';

export type Dashboard = ApiSchemas['DashboardOut'];

export const getDashboard = (days: number) =>
  api.get<Dashboard>('/stats/dashboard', { query: { days } });

export const useDashboard = (days: number) =>
  useQuery({
    queryKey: ['stats', 'dashboard', days],
    queryFn: () => getDashboard(days),
    refetchInterval: 30_000,
  });

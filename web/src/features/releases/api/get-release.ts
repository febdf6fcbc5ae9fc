import { useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import type { Release } from './release-schemas';

export const getRelease = (releaseId: string) =>
  api.get<Release>(`/releases/${encodeURIComponent(releaseId)}`);

export const releaseQueryKey = (releaseId: string) => ['releases', 'one', releaseId] as const;

export const useRelease = (releaseId: string) =>
  useQuery({
    queryKey: releaseQueryKey(releaseId),
    queryFn: () => getRelease(releaseId),
    enabled: Boolean(releaseId),
  });

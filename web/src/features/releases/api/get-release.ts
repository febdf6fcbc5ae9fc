import { useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import { ReleaseSchema } from './release-schemas';

export const getRelease = (releaseId: string) =>
  api.get(`/releases/${encodeURIComponent(releaseId)}`, { schema: ReleaseSchema });

export const useRelease = (releaseId: string) =>
  useQuery({
    queryKey: ['releases', 'one', releaseId],
    queryFn: () => getRelease(releaseId),
    enabled: Boolean(releaseId),
  });

import { useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { ApiSchemas } from '@/lib/api-types';

type History = ApiSchemas['AuditPage'];

/** A release's changes, newest first, each with who made it by name (for its source badges). */
export const useReleaseHistory = (releaseId: string) =>
  useQuery({
    queryKey: ['releases', 'history', releaseId],
    queryFn: () => api.get<History>(`/releases/${encodeURIComponent(releaseId)}/history`),
  });

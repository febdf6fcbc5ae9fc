import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { env } from '@/config/env';
import { api } from '@/lib/api-client';
import type { ApiSchemas } from '@/lib/api-types';
import { ApiError } from '@/lib/problem';

export type DeliveryInput = ApiSchemas['DeliveryIn'];
export type Delivery = ApiSchemas['ExportJobOut'];
export type Finding = ApiSchemas['FindingOut'];
type DeliveryList = ApiSchemas['DeliveryListOut'];

const deliveriesKey = (releaseId: string) => ['releases', 'deliveries', releaseId] as const;
const path = (releaseId: string) => `/releases/${encodeURIComponent(releaseId)}/deliveries`;

export const isFinished = (state: Delivery['state']) => state === 'succeeded' || state === 'failed';

/** Queue a delivery package (202); a release that would not deliver is a 422 with findings. */
export const startDelivery = (releaseId: string, body: Partial<DeliveryInput>) =>
  api.post<Delivery>(path(releaseId), body, { notifyOnError: false });

/** The release's packages, newest first, polled while one is still being written. */
export const useReleaseDeliveries = (releaseId: string) =>
  useQuery({
    queryKey: deliveriesKey(releaseId),
    queryFn: () => api.get<DeliveryList>(path(releaseId)),
    refetchInterval: (query) =>
      query.state.data?.deliveries.some((job) => !isFinished(job.state))
        ? env.pollIntervalMs
        : false,
  });

/** A written package's signed download URL (on its export document, not on the list). */
export const useDeliveryDownload = (jobId: string, succeeded: boolean) =>
  useQuery({
    queryKey: ['exports', jobId, 'download'],
    queryFn: () => api.get<Delivery>(`/exports/${encodeURIComponent(jobId)}`),
    enabled: succeeded,
    staleTime: 5 * 60_000, // signed URLs live longer than this
    select: (job) => job.download_url ?? null,
  });

export function useDeliver(releaseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Partial<DeliveryInput>) => startDelivery(releaseId, body),
    onSettled: () => queryClient.invalidateQueries({ queryKey: deliveriesKey(releaseId) }),
  });
}

/** The blocking findings a refused delivery named (none for any other error). */
export function refusedFindings(error: unknown): Finding[] {
  if (!(error instanceof ApiError)) return [];
  const findings = error.members.findings;
  return Array.isArray(findings) ? (findings as Finding[]) : [];
}

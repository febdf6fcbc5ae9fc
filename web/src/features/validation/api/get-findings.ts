import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';

import { api } from '@/lib/api-client';

export const FindingSchema = z
  .object({
    layer: z.string(),
    severity: z.enum(['blocking', 'warning']),
    location: z.string().nullish(),
    line: z.number().nullish(),
    message: z.string(),
    rule: z.string().nullish(),
    hint: z.string().nullish(),
    target: z
      .object({ entity: z.string(), id: z.string().nullish(), field: z.string().nullish() })
      .passthrough()
      .nullish(),
  })
  .passthrough();
export type Finding = z.infer<typeof FindingSchema>;

export const ValidationReportSchema = z
  .object({
    findings: z.array(FindingSchema).default([]),
    standard: z.string().nullish(),
    checked_at: z.string().nullish(),
  })
  .passthrough();
export type ValidationReport = z.infer<typeof ValidationReportSchema>;

export type Standard = 'ddex' | 'cwr';

export const getFindings = (releaseId: string, standard: Standard) =>
  api.get(`/releases/${encodeURIComponent(releaseId)}/validation`, {
    query: { standard },
    schema: ValidationReportSchema,
  });

export const useFindings = (releaseId: string, standard: Standard) =>
  useQuery({
    queryKey: ['validation', releaseId, standard],
    queryFn: () => getFindings(releaseId, standard),
  });

export const validateNow = (releaseId: string, standard: Standard) =>
  api.post(
    `/releases/${encodeURIComponent(releaseId)}/validation`,
    { standard },
    { schema: ValidationReportSchema },
  );

export function useValidateNow(releaseId: string, standard: Standard) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => validateNow(releaseId, standard),
    onSuccess: (report) => queryClient.setQueryData(['validation', releaseId, standard], report),
  });
}

import { useQuery } from '@tanstack/react-query';
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
    release_id: z.string().nullish(),
    valid: z.boolean().nullish(),
    findings: z.array(FindingSchema).default([]),
  })
  .passthrough();
export type ValidationReport = z.infer<typeof ValidationReportSchema>;

/** Every finding of a release (DDEX ERN 4.3, the stores' delivery rules, CWR), checked now. */
export const getFindings = (releaseId: string) =>
  api.get(`/releases/${encodeURIComponent(releaseId)}/validation`, {
    schema: ValidationReportSchema,
  });

export const useFindings = (releaseId: string) =>
  useQuery({ queryKey: ['validation', releaseId], queryFn: () => getFindings(releaseId) });

/** Which standard a finding's checker belongs to. */
export type Standard = 'ddex' | 'delivery' | 'cwr';
export function standardOf(finding: Finding): Standard {
  if (finding.layer === 'cwr') return 'cwr';
  if (finding.layer === 'delivery') return 'delivery';
  return 'ddex';
}

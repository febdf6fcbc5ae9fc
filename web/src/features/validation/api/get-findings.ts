import { useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import type { ApiSchemas } from '@/lib/api-types';

export type Finding = ApiSchemas['FindingOut'];
export type ValidationReport = ApiSchemas['ReleaseValidationOut'];

/** Every finding of a release (DDEX ERN 4.3, the stores' delivery rules, CWR), checked now. */
export const getFindings = (releaseId: string) =>
  api.get<ValidationReport>(`/releases/${encodeURIComponent(releaseId)}/validation`);

export const useFindings = (releaseId: string) =>
  useQuery({ queryKey: ['validation', releaseId], queryFn: () => getFindings(releaseId) });

/** Which standard a finding's checker belongs to. */
export type Standard = 'ddex' | 'delivery' | 'cwr';
export function standardOf(finding: Finding): Standard {
  if (finding.layer === 'cwr') return 'cwr';
  if (finding.layer === 'delivery') return 'delivery';
  return 'ddex';
}

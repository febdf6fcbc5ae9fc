import type { Finding } from '../api/get-findings';

const PAGES: Record<string, string> = { track: '/track/', release: '/release/', work: '/work/' };

/** Where a finding's field is edited: the entity's page, scrolled to the field. */
export function hrefOfFinding(finding: Finding): string | null {
  const target = finding.target;
  if (!target?.id) return null;
  const page = PAGES[target.entity];
  if (!page) return null;
  const anchor = target.field ? `#field-${target.field}` : '';
  return `${page}?id=${encodeURIComponent(target.id)}${anchor}`;
}

export function countBySeverity(findings: readonly Finding[]): {
  blocking: number;
  warning: number;
} {
  return {
    blocking: findings.filter((finding) => finding.severity === 'blocking').length,
    warning: findings.filter((finding) => finding.severity === 'warning').length,
  };
}

import type { Finding } from '../api/get-findings';

const PAGES: Record<string, string> = { track: '/track/', release: '/release/', work: '/work/' };

// Findings about the partner's settings rather than a record: the settings section that fixes them
const SETTINGS: Record<string, string> = { 'ddex.dpid': '/settings#ddex-parties' };

/** Where a finding's field is edited: the entity's page, scrolled to the field (or the
 * settings section, for a finding such as unset DDEX DPIDs). */
export function hrefOfFinding(finding: Finding): string | null {
  const setting = finding.rule ? SETTINGS[finding.rule] : undefined;
  if (setting) return setting;
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

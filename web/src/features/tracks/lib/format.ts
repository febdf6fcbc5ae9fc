export function formatDuration(ms: number | null | undefined): string {
  if (ms == null) return '';
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

export function formatIsrc(isrc: string | null | undefined): string {
  if (!isrc) return '';
  return isrc.length === 12
    ? `${isrc.slice(0, 2)}-${isrc.slice(2, 5)}-${isrc.slice(5, 7)}-${isrc.slice(7)}`
    : isrc;
}

/** A value as the history shows it: a credit as "Nina Sky (MainArtist, 50 %)", a P-line as
 * "2024 Moonbeam Records", never "[object Object]". */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.length ? value.map(formatItem).join(', ') : '—';
  return formatItem(value);
}

function formatItem(item: unknown): string {
  if (typeof item === 'boolean') return item ? 'yes' : 'no';
  if (item === null || typeof item !== 'object') return String(item);
  const fields = item as Record<string, unknown>;
  if ('role' in fields) {
    const who = String(fields.name ?? fields.party_id ?? '?');
    const share = fields.share ?? fields.pr_share;
    return `${who} (${[fields.role, share != null ? `${share} %` : null].filter(Boolean).join(', ')})`;
  }
  if ('text' in fields) return [fields.year, fields.text].filter(Boolean).join(' ');
  return JSON.stringify(item);
}

// Bulk edits computed from the selected tracks' current values: only rows that change are sent.
export type BulkTarget = { id: string } & Record<string, unknown>;

export const TEXT_FIELDS = {
  genre: 'Genre',
  sub_genre: 'Sub-genre',
  display_artist: 'Artist',
  title: 'Title',
  version_title: 'Version',
  language: 'Language',
} as const;
export type TextField = keyof typeof TEXT_FIELDS;

export const SETTABLE_FIELDS = {
  ...TEXT_FIELDS,
  key: 'Key',
  bpm: 'BPM',
  explicit: 'Explicit',
  moods: 'Moods',
} as const;
export type SettableField = keyof typeof SETTABLE_FIELDS;

export type BulkItem = { id: string; changes: Record<string, unknown> };

export function setField(
  targets: readonly BulkTarget[],
  field: SettableField,
  value: unknown,
): BulkItem[] {
  return targets
    .filter((target) => JSON.stringify(target[field] ?? null) !== JSON.stringify(value))
    .map((target) => ({ id: target.id, changes: { [field]: value } }));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function findAndReplace(
  targets: readonly BulkTarget[],
  field: TextField,
  find: string,
  replace: string,
  { caseSensitive = false }: { caseSensitive?: boolean } = {},
): BulkItem[] {
  if (!find) return [];
  const pattern = new RegExp(escapeRegExp(find), caseSensitive ? 'g' : 'gi');
  const items: BulkItem[] = [];
  for (const target of targets) {
    const current = target[field];
    if (typeof current !== 'string') continue;
    const next = current.replace(pattern, () => replace).trim();
    if (next !== current)
      items.push({ id: target.id, changes: { [field]: next === '' ? null : next } });
  }
  return items;
}

export type BpmScale = 'halve' | 'double';

/** Halve or double tempos (the usual octave error of beat trackers), kept within 20-400 BPM. */
export function scaleBpm(
  targets: readonly BulkTarget[],
  scale: BpmScale,
): { items: BulkItem[]; skipped: number } {
  const factor = scale === 'halve' ? 0.5 : 2;
  const items: BulkItem[] = [];
  let skipped = 0;
  for (const target of targets) {
    const bpm = target.bpm;
    if (typeof bpm !== 'number') {
      skipped++;
      continue;
    }
    const next = Math.round(bpm * factor * 100) / 100;
    if (next < 20 || next > 400) {
      skipped++;
      continue;
    }
    items.push({ id: target.id, changes: { bpm: next } });
  }
  return { items, skipped };
}

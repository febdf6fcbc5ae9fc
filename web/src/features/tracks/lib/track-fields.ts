import { parseFieldText, type EditableField } from '@/lib/field-rules';

import type { TrackChanges } from '../api/update-track';
import type { Track } from '../api/track-schemas';

export type FieldParse = { ok: true; changes: TrackChanges } | { ok: false; error: string };

/** Parse what was typed into a field: the changes to send, or a message naming the problem. */
export function parseFieldInput(field: EditableField, text: string): FieldParse {
  const parsed = parseFieldText(field, text);
  if (!parsed.ok) return parsed;
  return { ok: true, changes: { [field]: parsed.value } as TrackChanges };
}

/** The text a cell shows and an editor starts from. */
export function fieldText(track: Track, field: EditableField): string {
  const value = track[field];
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

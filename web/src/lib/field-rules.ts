import { z } from 'zod';

// What a person may type for a track field (grid cell, detail form, bulk edit), checked before it
// is sent; the rules mirror the server's (shared/domain), which still has the last word.

export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `at most ${max} characters`)
    .transform((text) => (text === '' ? null : text));

const ISRC = /^[A-Z]{2}[A-Z0-9]{3}\d{7}$/;
const KEY_NAME = /^\s*[A-Ga-g]\s*(#|♯|b|♭|sharp|flat)?\s*(m|min|minor|maj|major|moll|dur|M)?\s*$/;
const KEY_WHEEL = /^(1[0-2]|[1-9])\s*[ABabmdMD]$/; // Camelot (8A) or Open Key (1m)

export const isrcSchema = z
  .string()
  .trim()
  .transform((text) => text.replace(/-/g, '').toUpperCase())
  .refine((text) => text === '' || ISRC.test(text), {
    message: 'is not an ISRC (CC-XXX-YY-NNNNN: 12 letters and digits)',
  })
  .transform((text) => (text === '' ? null : text));

export const bpmSchema = z
  .string()
  .trim()
  .transform((text) => text.replace(',', '.'))
  .refine((text) => text === '' || !Number.isNaN(Number(text)), { message: 'is not a number' })
  .transform((text) => (text === '' ? null : Math.round(Number(text) * 100) / 100))
  .refine((bpm) => bpm === null || (bpm >= 20 && bpm <= 400), {
    message: 'must be between 20 and 400 BPM',
  });

export const keySchema = z
  .string()
  .trim()
  .refine((text) => text === '' || KEY_NAME.test(text) || KEY_WHEEL.test(text), {
    message: 'is not a key (e.g. "A minor", "F#", "8A")',
  })
  .transform((text) => (text === '' ? null : text));

export const positionSchema = z
  .string()
  .trim()
  .refine((text) => text === '' || /^\d+$/.test(text), { message: 'must be a whole number' })
  .transform((text) => (text === '' ? null : Number(text)))
  .refine((n) => n === null || n >= 1, { message: 'positions start at 1' });

const languageSchema = z
  .string()
  .trim()
  .toLowerCase()
  .refine((text) => text === '' || /^[a-z]{2,3}$/.test(text), {
    message: 'must be an ISO 639 code like "en"',
  })
  .transform((text) => (text === '' ? null : text));

const explicitSchema = z
  .string()
  .trim()
  .toLowerCase()
  .refine((text) => ['', 'yes', 'no', 'true', 'false', 'explicit', 'clean'].includes(text), {
    message: 'answer yes or no',
  })
  .transform((text) => (text === '' ? null : ['yes', 'true', 'explicit'].includes(text)));

const moodsSchema = z
  .string()
  .transform((text) =>
    text
      .split(',')
      .map((mood) => mood.trim())
      .filter(Boolean),
  )
  .refine((moods) => moods.length <= 20, { message: 'at most 20 moods' });

const CLOCK = /^(\d+):([0-5]?\d(?:\.\d+)?)$/; // 1:23 or 1:23.5

/** Seconds from the start: "83", "83.5" or "1:23"; rounded to a tenth like the server. */
export const secondsSchema = z
  .string()
  .trim()
  .transform((text) => text.replace(',', '.'))
  .transform((text) => {
    const clock = CLOCK.exec(text);
    return clock ? String(Number(clock[1]) * 60 + Number(clock[2])) : text;
  })
  .refine((text) => text === '' || !Number.isNaN(Number(text)), {
    message: 'is not a number of seconds (e.g. "42.5" or "1:23")',
  })
  .transform((text) => (text === '' ? null : Math.round(Number(text) * 10) / 10))
  .refine((seconds) => seconds === null || (seconds >= 0 && seconds < 86400), {
    message: 'must be between 0 and 24 hours',
  });

const oneOf = (choices: readonly string[]) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .refine((text) => text === '' || choices.includes(text), {
      message: `answer ${choices.join(', ')} (or leave empty)`,
    })
    .transform((text) => (text === '' ? null : text));

export const EDITABLE_FIELDS = {
  title: z.string().trim().min(1, 'a track needs a title').max(500, 'at most 500 characters'),
  version_title: optionalText(200),
  display_artist: optionalText(500),
  isrc: isrcSchema,
  genre: optionalText(100),
  sub_genre: optionalText(100),
  moods: moodsSchema,
  bpm: bpmSchema,
  key: keySchema,
  vocals: oneOf(['vocal', 'instrumental']),
  vocal_gender: oneOf(['female', 'male', 'mixed']),
  preview_start_s: secondsSchema,
  explicit: explicitSchema,
  language: languageSchema,
  disc_number: positionSchema,
  track_number: positionSchema,
} as const;

export type EditableField = keyof typeof EDITABLE_FIELDS;

export const FIELD_LABELS: Record<EditableField, string> = {
  title: 'Title',
  version_title: 'Version',
  display_artist: 'Artist',
  isrc: 'ISRC',
  genre: 'Genre',
  sub_genre: 'Sub-genre',
  moods: 'Moods',
  bpm: 'BPM',
  key: 'Key',
  vocals: 'Vocals',
  vocal_gender: 'Vocal gender',
  preview_start_s: 'Preview start (s)',
  explicit: 'Explicit',
  language: 'Language',
  disc_number: 'Disc',
  track_number: 'Track no.',
};

/** Parse typed text for a field: the value to send, or a message naming the problem. */
export function parseFieldText(
  field: EditableField,
  text: string,
): { ok: true; value: unknown } | { ok: false; error: string } {
  const parsed = EDITABLE_FIELDS[field].safeParse(text);
  if (!parsed.success)
    return {
      ok: false,
      error: `${FIELD_LABELS[field]}: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
    };
  return { ok: true, value: parsed.data };
}

export function isEditable(field: string): field is EditableField {
  return field in EDITABLE_FIELDS;
}

import { z } from 'zod';

import { gtinCheckDigitIsValid } from '@/lib/check-digits';

import { optionalText } from '@/lib/field-rules';

import type { Release } from '../api/release-schemas';

// What a person may type for a release field, checked before it is sent (the same Zod patterns as
// the track editor's, lib/field-rules.ts); the server (shared/domain) still has the last word.

// DDEX ReleaseType and ParentalWarningType values a label uses (the server accepts all of DDEX's)
export const RELEASE_TYPES = ['Album', 'EP', 'Single', 'ClassicalAlbum', 'DjMix', 'VideoSingle'];
export const PARENTAL_ADVISORIES = [
  'NoAdviceAvailable',
  'NotExplicit',
  'Explicit',
  'ExplicitContentEdited',
];

const GTIN = /^(\d{8}|\d{12}|\d{13}|\d{14})$/;
const GRID = /^A1[A-Z0-9]{16}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TERRITORY = /^([A-Z]{2}|Worldwide)$/;
const LINE = /^(?:(?:℗|©|\(P\)|\(C\))\s*)?(?:(\d{4})\s+)?(.+)$/i;

const upcSchema = z
  .string()
  .transform((text) => text.replace(/[\s-]/g, ''))
  .refine((text) => text === '' || GTIN.test(text), {
    message: 'is not a UPC/EAN (8, 12, 13 or 14 digits)',
  })
  .refine((text) => text === '' || gtinCheckDigitIsValid(text), {
    message: 'fails its check digit (the last digit)',
  })
  .transform((text) => (text === '' ? null : text));

const gridSchema = z
  .string()
  .transform((text) =>
    text
      .replace(/^\s*grid:?\s*/i, '')
      .replace(/[\s-]/g, '')
      .toUpperCase(),
  )
  .refine((text) => text === '' || GRID.test(text), {
    message: 'is not a GRid (A1 and 16 letters or digits, e.g. A1-2425G-ABC1234002-M)',
  })
  .transform((text) => (text === '' ? null : text));

const dateSchema = z
  .string()
  .trim()
  .refine((text) => text === '' || (DATE.test(text) && isCalendarDate(text)), {
    message: 'is not a date (YYYY-MM-DD)',
  })
  .transform((text) => (text === '' ? null : text));

function isCalendarDate(text: string): boolean {
  const parsed = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(text);
}

const choice = (allowed: readonly string[]) =>
  z
    .string()
    .trim()
    .transform((text) => allowed.find((item) => item.toLowerCase() === text.toLowerCase()) ?? text)
    .refine((text) => allowed.includes(text), { message: `is one of ${allowed.join(', ')}` });

const copyrightLineSchema = z
  .string()
  .trim()
  .max(500, 'at most 500 characters')
  .transform((text) => {
    if (text === '') return null;
    const [, year, owner] = LINE.exec(text) ?? [];
    return { text: (owner ?? text).trim(), year: year ? Number(year) : null };
  })
  .refine(
    (line) => line === null || line.year === null || (line.year >= 1877 && line.year <= 2200),
    {
      message: 'has a year outside 1877..2200',
    },
  );

const territoriesSchema = z
  .string()
  .transform((text) =>
    text
      .split(/[,\s]+/)
      .map((code) => code.trim())
      .filter(Boolean)
      .map((code) =>
        ['worldwide', 'ww', 'world'].includes(code.toLowerCase())
          ? 'Worldwide'
          : code.toUpperCase(),
      ),
  )
  .refine((codes) => codes.every((code) => TERRITORY.test(code)), {
    message: 'are ISO country codes like "DE, FR" or "Worldwide"',
  });

export const RELEASE_FIELD_RULES = {
  title: z.string().trim().min(1, 'a release needs a title').max(500, 'at most 500 characters'),
  version_title: optionalText(500),
  release_type: choice(RELEASE_TYPES),
  display_artist: optionalText(1000),
  label_name: optionalText(500),
  catalog_number: optionalText(100),
  upc: upcSchema,
  grid: gridSchema,
  p_line: copyrightLineSchema,
  c_line: copyrightLineSchema,
  release_date: dateSchema,
  original_release_date: dateSchema,
  genre: optionalText(100),
  sub_genre: optionalText(100),
  parental_advisory: choice(PARENTAL_ADVISORIES),
  territories: territoriesSchema,
} as const;

export type ReleaseField = keyof typeof RELEASE_FIELD_RULES;
export type ReleaseChanges = Partial<{
  [F in ReleaseField]: z.output<(typeof RELEASE_FIELD_RULES)[F]>;
}>;

export const RELEASE_FIELD_LABELS: Record<ReleaseField, string> = {
  title: 'Title',
  version_title: 'Version',
  release_type: 'Type',
  display_artist: 'Artist',
  label_name: 'Label',
  catalog_number: 'Catalogue number',
  upc: 'UPC/EAN',
  grid: 'GRid',
  p_line: 'P-line (℗)',
  c_line: 'C-line (©)',
  release_date: 'Release date',
  original_release_date: 'Original release date',
  genre: 'Genre',
  sub_genre: 'Sub-genre',
  parental_advisory: 'Parental advisory',
  territories: 'Territories',
};

export const RELEASE_FIELDS = Object.keys(RELEASE_FIELD_RULES) as ReleaseField[];

/** Parse typed text for a field: the changes to send, or a message naming the problem. */
export function parseReleaseField(
  field: ReleaseField,
  text: string,
): { ok: true; changes: ReleaseChanges } | { ok: false; error: string } {
  const parsed = RELEASE_FIELD_RULES[field].safeParse(text);
  if (!parsed.success)
    return {
      ok: false,
      error: `${RELEASE_FIELD_LABELS[field]}: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
    };
  return { ok: true, changes: { [field]: parsed.data } as ReleaseChanges };
}

/** The text a field shows and its editor starts from. */
export function releaseFieldText(release: Release, field: ReleaseField): string {
  const value = release[field];
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'object') {
    const line = value as { text?: string; year?: number | null };
    return [line.year, line.text].filter(Boolean).join(' ');
  }
  return String(value);
}

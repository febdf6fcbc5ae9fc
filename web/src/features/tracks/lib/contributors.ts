import { z } from 'zod';

// The DDEX roles people pick most; the server accepts every DDEX ResourceContributorRole and
// DisplayArtistRole, and says so by name when one is not.
export const COMMON_ROLES = [
  'MainArtist',
  'FeaturedArtist',
  'Artist',
  'Composer',
  'Lyricist',
  'StudioProducer',
  'Remixer',
  'MixingEngineer',
  'MasteringEngineer',
  'RecordingEngineer',
  'Arranger',
  'Conductor',
  'Orchestra',
  'LeadVocalist',
  'BackgroundVocalist',
  'Guitarist',
  'Bassist',
  'Drummer',
  'KeyboardPlayer',
] as const;

const RowSchema = z.object({
  name: z.string().trim().min(1, 'needs a name'),
  role: z.string().trim().min(1, 'needs a role'),
  share: z
    .string()
    .trim()
    .refine(
      (text) =>
        text === '' || (!Number.isNaN(Number(text)) && Number(text) >= 0 && Number(text) <= 100),
      {
        message: 'share must be a percentage between 0 and 100',
      },
    )
    .transform((text) => (text === '' ? null : Math.round(Number(text) * 1000) / 1000)),
  party_id: z.string().nullish(),
});

export type ContributorRow = {
  name: string;
  role: string;
  share: string;
  party_id?: string | null;
};

export type ParsedContributor = z.infer<typeof RowSchema> & { sequence: number };

export const ContributorsSchema = z
  .array(RowSchema)
  .superRefine((rows, context) => {
    const shares = rows.map((row) => row.share).filter((share): share is number => share !== null);
    if (shares.length === 0) return;
    const total = Math.round(shares.reduce((sum, share) => sum + share, 0) * 1000) / 1000;
    if (shares.length !== rows.length) {
      context.addIssue({
        code: z.ZodIssueCode.custom,
        message: 'give every contributor a share, or none',
      });
    } else if (total !== 100) {
      context.addIssue({
        code: z.ZodIssueCode.custom,
        message: `shares add up to ${total}%: they must add up to 100%`,
      });
    }
  })
  .transform((rows) => rows.map((row, index) => ({ ...row, sequence: index + 1 })));

export type ContributorsParse =
  { ok: true; contributors: ParsedContributor[] } | { ok: false; errors: string[] };

export function parseContributors(rows: readonly ContributorRow[]): ContributorsParse {
  const parsed = ContributorsSchema.safeParse(rows);
  if (parsed.success) return { ok: true, contributors: parsed.data };
  return {
    ok: false,
    errors: parsed.error.issues.map((issue) =>
      typeof issue.path[0] === 'number'
        ? `row ${issue.path[0] + 1}: ${issue.message}`
        : issue.message,
    ),
  };
}

import { z } from 'zod';

export const SOURCES = ['tag', 'ai', 'human', 'import', 'dsp'] as const;

export const ProvenanceSchema = z
  .object({
    source: z.enum(SOURCES),
    at: z.string().nullish(),
    actor: z.string().nullish(),
    model: z.string().nullish(),
    model_version: z.string().nullish(),
    confidence: z.number().nullish(),
    detail: z.string().nullish(),
  })
  .passthrough();
export type Provenance = z.infer<typeof ProvenanceSchema>;

export const ContributorSchema = z
  .object({
    party_id: z.string().nullish(),
    name: z.string(),
    role: z.string(),
    sequence: z.number().int().nullish(),
    share: z.number().nullish(),
  })
  .passthrough();
export type Contributor = z.infer<typeof ContributorSchema>;

const CopyrightLineSchema = z
  .object({ year: z.number().nullish(), text: z.string() })
  .passthrough();

export const TrackSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    isrc: z.string().nullish(),
    version_title: z.string().nullish(),
    display_artist: z.string().nullish(),
    duration_ms: z.number().nullish(),
    release_id: z.string().nullish(),
    work_id: z.string().nullish(),
    asset_id: z.string().nullish(),
    contributors: z.array(ContributorSchema).default([]),
    genre: z.string().nullish(),
    sub_genre: z.string().nullish(),
    moods: z.array(z.string()).default([]),
    bpm: z.number().nullish(),
    key: z.string().nullish(),
    explicit: z.boolean().nullish(),
    language: z.string().nullish(),
    p_line: CopyrightLineSchema.nullish(),
    disc_number: z.number().nullish(),
    track_number: z.number().nullish(),
    status: z.string().nullish(),
    version: z.number().int().nullish(),
    provenance: z.record(ProvenanceSchema).default({}),
    updated_at: z.string().nullish(),
  })
  .passthrough();
export type Track = z.infer<typeof TrackSchema>;

export const PageSchema = <T extends z.ZodTypeAny>(item: T) =>
  z
    .object({
      items: z.array(item),
      next_cursor: z.string().nullish(),
      total: z.number().int().nullish(),
    })
    .passthrough();

export const TrackPageSchema = PageSchema(TrackSchema);
export type TrackPage = z.infer<typeof TrackPageSchema>;

export const EstimateSchema = z
  .object({
    id: z.string(),
    field: z.string(),
    value: z.unknown(),
    confidence: z.number().nullish(),
    model: z.string(),
    model_version: z.string().nullish(),
    applied: z.boolean().default(false),
    review: z.enum(['accepted', 'rejected']).nullish(), // null: waiting for a person
    created_at: z.string().nullish(),
  })
  .passthrough();
export type Estimate = z.infer<typeof EstimateSchema>;

export const EstimateListSchema = z.object({ items: z.array(EstimateSchema) }).passthrough();

export const FieldChangeSchema = z
  .object({ field: z.string(), before: z.unknown().optional(), after: z.unknown().optional() })
  .passthrough();

export const HistoryEntrySchema = z
  .object({
    id: z.string().nullish(),
    occurred_at: z.string(),
    action: z.string(),
    change_id: z.string().nullish(),
    actor: z.record(z.string().nullable()).nullish(),
    changes: z.array(FieldChangeSchema).default([]),
  })
  .passthrough();
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;

export const HistorySchema = z.object({ items: z.array(HistoryEntrySchema) }).passthrough();

export const ChangeSetSchema = z
  .object({
    id: z.string(),
    status: z.string().nullish(),
    total: z.number().nullish(),
    done: z.number().nullish(),
    error: z.string().nullish(),
  })
  .passthrough();
export type ChangeSet = z.infer<typeof ChangeSetSchema>;

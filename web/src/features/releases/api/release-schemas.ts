import { z } from 'zod';

export const ArtworkSchema = z
  .object({
    mime_type: z.string().nullish(),
    width: z.number().nullish(),
    height: z.number().nullish(),
    size_bytes: z.number().nullish(),
    url: z.string().nullish(),
  })
  .passthrough();
export type Artwork = z.infer<typeof ArtworkSchema>;

const ProvenanceSchema = z.object({ source: z.string() }).passthrough();

export const ReleaseSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    release_type: z.string().nullish(),
    version_title: z.string().nullish(),
    upc: z.string().nullish(),
    grid: z.string().nullish(),
    catalog_number: z.string().nullish(),
    display_artist: z.string().nullish(),
    label_name: z.string().nullish(),
    release_date: z.string().nullish(),
    genre: z.string().nullish(),
    parental_advisory: z.string().nullish(),
    territories: z.array(z.string()).default([]),
    status: z.string().nullish(),
    version: z.number().nullish(),
    provenance: z.record(ProvenanceSchema).default({}),
  })
  .passthrough();
export type Release = z.infer<typeof ReleaseSchema>;

export const ReleasePageSchema = z
  .object({
    items: z.array(ReleaseSchema),
    next_cursor: z.string().nullish(),
    total: z.number().nullish(),
  })
  .passthrough();

import type { ApiSchemas } from '@/lib/api-types';

// Tracks and their history as the API declares them (generated from its OpenAPI document)
export const SOURCES = ['tag', 'ai', 'human', 'import', 'dsp'] as const;
export type Source = (typeof SOURCES)[number];

export type Provenance = ApiSchemas['ProvenanceOut'];
export type Contributor = ApiSchemas['ContributorOut'];
export type Track = ApiSchemas['TrackOut'];
export type TrackPage = ApiSchemas['TrackPage'];
/** a track as lists show it: with its release's title */
export type TrackRow = ApiSchemas['TrackListItem'];
export type Estimate = ApiSchemas['EstimateOut'];
export type EstimateList = ApiSchemas['EstimateList'];
export type HistoryEntry = ApiSchemas['AuditEventOut'];
export type History = ApiSchemas['AuditPage'];
export type ChangeSet = ApiSchemas['ChangeOut'];

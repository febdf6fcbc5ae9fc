import type { ApiSchemas } from '@/lib/api-types';

// Releases, their artwork and tracklists as the API declares them (generated from its OpenAPI)
export type Artwork = ApiSchemas['ArtworkOut'];
export type Release = ApiSchemas['ReleaseOut'];
export type ReleasePage = ApiSchemas['ReleasePage'];
export type ReleaseChanged = ApiSchemas['ReleaseChanged'];
export type Tracklist = ApiSchemas['TracklistOut'];
export type TracklistEntry = ApiSchemas['TracklistEntryOut'];
export type ReleaseBuilt = ApiSchemas['ReleaseBuiltOut'];
export type Provenance = ApiSchemas['ProvenanceOut'];
export type Deal = ApiSchemas['DealOut'];
export type DealPage = ApiSchemas['DealPage'];

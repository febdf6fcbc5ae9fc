import type { ApiSchemas } from '@/lib/api-types';

// Releases and their artwork as the API declares them (generated from its OpenAPI document)
export type Artwork = ApiSchemas['ArtworkOut'];
export type Release = ApiSchemas['ReleaseOut'];
export type ReleasePage = ApiSchemas['ReleasePage'];

// The API's bodies as its OpenAPI document declares them: generated into api-schema.d.ts by
// `make web-types` (openapi-typescript), never written by hand (a stale file fails `make test`).
import type { components } from '@/lib/api-schema';

export type ApiSchemas = components['schemas'];

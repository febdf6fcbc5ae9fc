import { z } from 'zod';

// Build-time settings (Next inlines NEXT_PUBLIC_* into the static export), checked once.
const EnvSchema = z.object({
  // where the API lives; empty = the same origin that served the UI (catalog run, the api function)
  apiOrigin: z
    .string()
    .regex(
      /^(https?:\/\/[^/]+)?$/,
      'NEXT_PUBLIC_API_ORIGIN must be an origin like https://api.example.com',
    )
    .default(''),
  // how often live status documents (uploads, imports, exports) are polled
  pollIntervalMs: z.coerce.number().int().min(200).max(60_000).default(1000),
  // rows fetched per page by the catalog grid
  gridPageSize: z.coerce.number().int().min(50).max(5000).default(500),
});

export type Env = z.infer<typeof EnvSchema>;

export const env: Env = EnvSchema.parse({
  apiOrigin: process.env.NEXT_PUBLIC_API_ORIGIN || undefined,
  pollIntervalMs: process.env.NEXT_PUBLIC_POLL_INTERVAL_MS || undefined,
  gridPageSize: process.env.NEXT_PUBLIC_GRID_PAGE_SIZE || undefined,
});

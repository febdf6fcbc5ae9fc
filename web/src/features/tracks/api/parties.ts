import { z } from 'zod';

import { api } from '@/lib/api-client';

const PartySchema = z.object({ id: z.string(), name: z.string() }).passthrough();

/** A new party (a person or organisation credited somewhere) for a contributor typed by name. */
export const createParty = (name: string) =>
  api.post('/parties', { name, kind: 'unknown' }, { schema: PartySchema });

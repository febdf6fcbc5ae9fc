import { api } from '@/lib/api-client';
import type { ApiSchemas } from '@/lib/api-types';

/** A new party (a person or organisation credited somewhere) for a contributor typed by name. */
export const createParty = (name: string) =>
  api.post<ApiSchemas['PartyChanged']>('/parties', { name, kind: 'unknown' });

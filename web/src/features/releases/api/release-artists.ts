import { api } from '@/lib/api-client';
import type { ApiSchemas } from '@/lib/api-types';

export type ArtistCredit = ApiSchemas['ArtistCreditOut'];

/** A new party for an artist typed by name. */
export const createArtistParty = (name: string) =>
  api.post<ApiSchemas['PartyChanged']>(
    '/parties',
    { name, kind: 'unknown' },
    { notifyOnError: false },
  );

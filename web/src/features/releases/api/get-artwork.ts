import { useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import { followPageHost } from '@/lib/transfer-file';
import { ApiError } from '@/lib/problem';

import type { Artwork } from './release-schemas';

/** The release's front cover facts and a signed URL; null when it has none. */
export async function getArtwork(releaseId: string): Promise<Artwork | null> {
  try {
    const artwork = await api.get<Artwork>(`/releases/${encodeURIComponent(releaseId)}/artwork`, {
      notifyOnError: false,
    });
    return { ...artwork, url: followPageHost(artwork.url) };
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

export const useArtwork = (releaseId: string) =>
  useQuery({ queryKey: ['releases', 'artwork', releaseId], queryFn: () => getArtwork(releaseId) });

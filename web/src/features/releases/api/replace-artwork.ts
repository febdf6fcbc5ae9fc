import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import { followPageHost } from '@/lib/transfer-file';

import type { Artwork } from './release-schemas';

/** PUT the image as the release's front cover (the raw body, typed by the file's own type). */
export const replaceArtwork = (releaseId: string, file: Blob) =>
  api.put<Artwork>(`/releases/${encodeURIComponent(releaseId)}/artwork`, file, {
    notifyOnError: false,
  });

export function useReplaceArtwork(releaseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (file: Blob) => replaceArtwork(releaseId, file),
    onSuccess: (artwork) => {
      queryClient.setQueryData(['releases', 'artwork', releaseId], {
        ...artwork,
        url: followPageHost(artwork.url),
      });
      void queryClient.invalidateQueries({ queryKey: ['validation', releaseId] });
    },
  });
}

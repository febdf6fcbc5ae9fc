'use client';

import { Spinner } from '@/components/ui/spinner';
import { errorText } from '@/lib/problem';

import { useRelease } from '../api/get-release';
import { ReleaseArtwork } from './artwork-check';
import { DealsEditor } from './deals-editor';
import { DeliverRelease } from './deliver-release';
import { ReleaseArtistsEditor } from './release-artists-editor';
import { ReleaseFields } from './release-fields';
import { TracklistEditor } from './tracklist-editor';

/** The release page: its fields edited in place, its tracklist, its deals, its artwork,
 * and delivering it to a store. */
export function ReleaseDetail({ releaseId }: { releaseId: string }) {
  const { data: release, error, isPending } = useRelease(releaseId);
  if (isPending) return <Spinner label="Loading the release" />;
  if (!release) return <p role="alert">{errorText(error)}</p>;
  return (
    <div className="grid grid-cols-1 gap-6 lg:grid-cols-[2fr_1fr]">
      <div className="flex min-w-0 flex-col gap-6">
        <section aria-labelledby="release-heading">
          <h1 id="release-heading" className="text-2xl font-semibold">
            {release.title}
          </h1>
          <ReleaseFields release={release} />
        </section>
        <ReleaseArtistsEditor key={`artists-${release.id}`} release={release} />
        <TracklistEditor releaseId={release.id} />
        <DealsEditor releaseId={release.id} />
        <DeliverRelease releaseId={release.id} />
      </div>
      <ReleaseArtwork releaseId={release.id} />
    </div>
  );
}

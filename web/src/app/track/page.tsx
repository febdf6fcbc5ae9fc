'use client';

import { useSearchParams } from 'next/navigation';
import { Suspense } from 'react';

import { AssignCodes } from '@/features/identifiers/components/assign-codes';
import { CodeOrigin } from '@/features/identifiers/components/code-origin';
import { useTrack } from '@/features/tracks/api/get-track';
import { TrackDetail } from '@/features/tracks/components/track-detail';

/** "Assign ISRC" from the partner's prefixes, and where the track's ISRC came from. */
function TrackCode({ trackId }: { trackId: string }) {
  const track = useTrack(trackId);
  return (
    <section aria-label="ISRC assignment" className="flex flex-col gap-1">
      <h2 className="font-semibold">ISRC assignment</h2>
      <CodeOrigin subjectId={trackId} code={track.data?.isrc ?? null} />
      <AssignCodes kind="isrc" subjectIds={[trackId]} />
    </section>
  );
}

function TrackFromQuery() {
  const id = useSearchParams().get('id');
  if (!id) return <p role="alert">No track named: open one from the catalog.</p>;
  return (
    <div key={id} className="flex flex-col gap-6">
      <TrackDetail trackId={id} />
      <TrackCode trackId={id} />
    </div>
  );
}

export default function TrackPage() {
  return (
    <Suspense>
      <TrackFromQuery />
    </Suspense>
  );
}

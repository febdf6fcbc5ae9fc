'use client';

import { useSearchParams } from 'next/navigation';
import { Suspense } from 'react';

import { TrackDetail } from '@/features/tracks/components/track-detail';

function TrackFromQuery() {
  const id = useSearchParams().get('id');
  if (!id) return <p role="alert">No track named: open one from the catalog.</p>;
  return <TrackDetail key={id} trackId={id} />;
}

export default function TrackPage() {
  return (
    <Suspense>
      <TrackFromQuery />
    </Suspense>
  );
}

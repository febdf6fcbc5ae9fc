'use client';

import { useSearchParams } from 'next/navigation';
import { Suspense } from 'react';

import { TrackCompare } from '@/features/duplicates/components/track-compare';

function CompareFromQuery() {
  const params = useSearchParams();
  const kept = params.get('a');
  const other = params.get('b');
  if (!kept || !other)
    return <p role="alert">Two tracks are needed: open this page from a duplicate warning.</p>;
  return <TrackCompare key={`${kept}-${other}`} keptId={kept} otherId={other} />;
}

/** Duplicates: two tracks side by side (a is kept, b merged into it). */
export default function ComparePage() {
  return (
    <Suspense>
      <CompareFromQuery />
    </Suspense>
  );
}

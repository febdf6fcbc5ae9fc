'use client';

import { useSearchParams } from 'next/navigation';
import { Suspense } from 'react';

import { ReleaseDetail } from '@/features/releases/components/release-detail';
import { ValidationFindings } from '@/features/validation/components/validation-findings';

function ReleaseFromQuery() {
  const id = useSearchParams().get('id');
  if (!id) return <p role="alert">No release named: open one from the catalog.</p>;
  return (
    <div className="flex flex-col gap-8">
      <ReleaseDetail releaseId={id} />
      <ValidationFindings releaseId={id} />
    </div>
  );
}

export default function ReleasePage() {
  return (
    <Suspense>
      <ReleaseFromQuery />
    </Suspense>
  );
}

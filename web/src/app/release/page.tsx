'use client';

import { useSearchParams } from 'next/navigation';
import { Suspense } from 'react';

import { AssignCodes } from '@/features/identifiers/components/assign-codes';
import { CodeOrigin } from '@/features/identifiers/components/code-origin';
import { useRelease } from '@/features/releases/api/get-release';
import { ReleaseDetail } from '@/features/releases/components/release-detail';
import { ValidationFindings } from '@/features/validation/components/validation-findings';

/** "Assign UPC" from the partner's ranges, and where the release's UPC came from. */
function ReleaseCode({ releaseId }: { releaseId: string }) {
  const release = useRelease(releaseId);
  return (
    <section aria-label="UPC/EAN assignment" className="flex flex-col gap-1">
      <h2 className="font-semibold">UPC/EAN assignment</h2>
      <CodeOrigin subjectId={releaseId} code={release.data?.upc ?? null} />
      <AssignCodes kind="upc" subjectIds={[releaseId]} />
    </section>
  );
}

function ReleaseFromQuery() {
  const id = useSearchParams().get('id');
  if (!id) return <p role="alert">No release named: open one from the catalog.</p>;
  return (
    <div className="flex flex-col gap-8">
      <ReleaseDetail releaseId={id} />
      <ReleaseCode releaseId={id} />
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

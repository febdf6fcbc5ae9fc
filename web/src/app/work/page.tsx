'use client';

import { useRouter, useSearchParams } from 'next/navigation';
import { Suspense } from 'react';

import { useWork } from '@/features/works/api/works';
import { WorkEditor } from '@/features/works/components/work-editor';
import { WorkRecordings } from '@/features/works/components/work-recordings';

/** /work/?id=... edits a work and its recordings; /work/ creates one. */
function WorkFromQuery() {
  const router = useRouter();
  const id = useSearchParams().get('id');
  const work = useWork(id);
  if (!id)
    return (
      <div className="flex flex-col gap-4">
        <h1 className="text-2xl font-semibold">New work</h1>
        <WorkEditor onSaved={(saved) => router.replace(`/work/?id=${saved.id}`)} />
      </div>
    );
  if (work.isError) return <p role="alert">This work could not be loaded.</p>;
  if (!work.data) return <p>Loading…</p>;
  return (
    <div key={id} className="flex flex-col gap-8">
      <h1 className="text-2xl font-semibold">{work.data.title}</h1>
      <WorkEditor work={work.data} />
      <WorkRecordings workId={id} />
    </div>
  );
}

export default function WorkPage() {
  return (
    <Suspense>
      <WorkFromQuery />
    </Suspense>
  );
}

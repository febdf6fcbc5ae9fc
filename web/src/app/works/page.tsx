'use client';

import Link from 'next/link';

import { WorkList } from '@/features/works/components/work-list';

export default function WorksPage() {
  return (
    <div className="flex flex-col gap-4">
      <div className="flex items-center gap-3">
        <h1 className="text-2xl font-semibold">Works</h1>
        <Link href="/work/" className="rounded bg-indigo-700 px-3 py-1.5 text-sm text-white">
          New work
        </Link>
      </div>
      <WorkList />
    </div>
  );
}

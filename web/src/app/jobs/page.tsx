'use client';

import { ExportPanel } from '@/features/jobs/components/export-panel';
import { ImportPanel } from '@/features/jobs/components/import-panel';

export default function JobsPage() {
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">Imports and exports</h1>
      <div className="grid gap-8 lg:grid-cols-2">
        <ImportPanel />
        <ExportPanel />
      </div>
    </div>
  );
}

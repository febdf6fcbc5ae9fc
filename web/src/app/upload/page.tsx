'use client';

import { UploadPanel } from '@/features/uploads/components/upload-panel';

export default function UploadPage() {
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">Upload</h1>
      <UploadPanel />
    </div>
  );
}

'use client';

import { DdexPartiesSettings } from '@/features/ddex-parties/components/ddex-parties-settings';
import { CodeSourcesSettings } from '@/features/identifiers/components/code-sources-settings';

/** Partner settings: where the label's new ISRCs and UPC/EAN codes come from, and the DDEX
 * sender and stores its messages name. */
export default function SettingsPage() {
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">Settings</h1>
      <CodeSourcesSettings />
      <DdexPartiesSettings />
    </div>
  );
}

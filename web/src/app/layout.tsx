import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';

import { AppShell } from './app-shell';
import './globals.css';
import { Providers } from './providers';

export const metadata: Metadata = {
  title: 'catalog',
  description: 'Music catalog metadata: ingest, enrich, review, validate, deliver',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">
        <Providers>
          <AppShell>{children}</AppShell>
        </Providers>
      </body>
    </html>
  );
}

'use client';

import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useEffect, type ReactNode } from 'react';

import { NotificationCenter } from '@/components/ui/notification-center';
import { signOut } from '@/features/auth/api/sign-in';
import { useSession } from '@/features/auth/hooks/use-session';
import { getSession } from '@/lib/session';

const NAV = [
  { href: '/', label: 'Dashboard' },
  { href: '/upload/', label: 'Upload' },
  { href: '/catalog/', label: 'Catalog' },
  { href: '/works/', label: 'Works' },
  { href: '/jobs/', label: 'Imports & exports' },
  { href: '/settings/', label: 'Settings' },
];

const PUBLIC_PATHS = new Set(['/sign-in/', '/sign-in']);

/** Navigation, notifications, and the guard that sends signed-out users to the sign-in page. */
export function AppShell({ children }: { children: ReactNode }) {
  const pathname = usePathname() ?? '/';
  const router = useRouter();
  const session = useSession();
  const isPublic = PUBLIC_PATHS.has(pathname);

  useEffect(() => {
    // getSession(), not `session`: while hydrating, the hook still answers the server's null
    if (!getSession() && !isPublic) {
      const next = `${window.location.pathname}${window.location.search}`;
      router.replace(`/sign-in/?next=${encodeURIComponent(next)}`);
    }
  }, [session, isPublic, router]);

  return (
    <>
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-white focus:p-2"
      >
        Skip to content
      </a>
      {session && !isPublic && (
        <header className="border-b border-slate-200 bg-white">
          <nav
            aria-label="Main"
            className="mx-auto flex max-w-screen-2xl flex-wrap items-center gap-1 px-4 py-2"
          >
            <span className="mr-4 font-semibold text-indigo-900">catalog</span>
            {NAV.map((item) => {
              const current =
                item.href === '/'
                  ? pathname === '/'
                  : pathname.startsWith(item.href.replace(/\/$/, ''));
              return (
                <Link
                  key={item.href}
                  href={item.href}
                  prefetch={false} // a screen's code loads when it is opened, not all at start
                  aria-current={current ? 'page' : undefined}
                  className={`rounded px-3 py-1.5 text-sm ${current ? 'bg-indigo-100 font-medium text-indigo-900' : 'text-slate-700 hover:bg-slate-100'}`}
                >
                  {item.label}
                </Link>
              );
            })}
            <span className="ml-auto flex items-center gap-2 text-sm text-slate-600">
              <span className="hidden sm:inline">{session.email}</span>
              {session.role && (
                <span className="rounded bg-slate-100 px-1.5 text-xs">{session.role}</span>
              )}
              <button
                type="button"
                className="rounded px-2 py-1 text-sm text-indigo-800 hover:bg-indigo-50"
                onClick={() => void signOut().then(() => router.replace('/sign-in/'))}
              >
                Sign out
              </button>
            </span>
          </nav>
        </header>
      )}
      <main id="main" className="mx-auto w-full max-w-screen-2xl px-4 py-6">
        {session || isPublic ? children : null}
      </main>
      <NotificationCenter />
    </>
  );
}

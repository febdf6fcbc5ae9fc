'use client';

import { useRouter } from 'next/navigation';

import { SignInForm } from '@/features/auth/components/sign-in-form';

/** Only same-site paths are followed after sign-in (no open redirect). */
function nextPath(): string {
  if (typeof window === 'undefined') return '/';
  const next = new URLSearchParams(window.location.search).get('next') ?? '/';
  return next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export default function SignInPage() {
  const router = useRouter();
  return (
    <div className="flex min-h-[70vh] flex-col items-center justify-center gap-6">
      <h1 className="text-2xl font-semibold text-indigo-900">Sign in to catalog</h1>
      <SignInForm onSignedIn={() => router.replace(nextPath())} />
    </div>
  );
}

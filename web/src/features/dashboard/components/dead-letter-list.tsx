'use client';

import Link from 'next/link';

import { errorText } from '@/lib/problem';

import { useDeadLetters, useDismissDeadLetter, type DeadLetter } from '../api/dead-letters';

/** Where a dead letter's subject is shown, when the UI has a page for it. */
function subjectLink(letter: DeadLetter): { href: string; label: string } | null {
  const id = letter.subject_id;
  if (!id) return null;
  if (letter.subject_kind === 'track')
    return { href: `/track/?id=${encodeURIComponent(id)}`, label: 'Open the track' };
  if (letter.subject_kind === 'import' || letter.subject_kind === 'export')
    return { href: '/jobs/', label: 'Open imports and exports' };
  return null;
}

/** The partner's dead letters in words, each with a link to what failed and Dismiss. */
export function DeadLetterList({ open }: { open: number }) {
  const letters = useDeadLetters(open > 0);
  const dismiss = useDismissDeadLetter();
  if (open === 0) return null;
  if (letters.isError)
    return (
      <p role="alert" className="text-sm text-red-800">
        {errorText(letters.error)}
      </p>
    );
  if (!letters.data) return null;
  const items = letters.data.items;
  if (items.length === 0) return null;
  return (
    <section aria-label="Set aside" className="mt-3">
      <h3 className="text-sm font-semibold">Set aside</h3>
      <ul className="mt-1 flex flex-col gap-2">
        {items.map((letter) => {
          const link = subjectLink(letter);
          return (
            <li key={letter.id} className="rounded border border-red-100 bg-red-50 p-2 text-sm">
              <p>{letter.summary}</p>
              <p className="text-xs text-slate-600">
                {new Date(letter.recorded_at).toLocaleString()}
                {letter.reason && <> · operators: {letter.reason}</>}
              </p>
              <div className="mt-1 flex gap-3">
                {link && (
                  <Link href={link.href} className="font-medium text-indigo-700 underline">
                    {link.label}
                  </Link>
                )}
                <button
                  type="button"
                  className="font-medium text-slate-700 underline disabled:opacity-50"
                  disabled={dismiss.isPending}
                  onClick={() => dismiss.mutate(letter.id)}
                >
                  Dismiss
                </button>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

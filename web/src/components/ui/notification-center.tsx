'use client';

import { useSyncExternalStore } from 'react';

import { currentNotifications, dismiss, subscribeNotifications } from '@/lib/notifications';

const NONE: never[] = [];
const TONES = {
  error: 'border-red-300 bg-red-50 text-red-900',
  success: 'border-emerald-300 bg-emerald-50 text-emerald-900',
  info: 'border-slate-300 bg-white text-slate-900',
};

/** Notifications, announced to screen readers (errors assertively). */
export function NotificationCenter() {
  const items = useSyncExternalStore(subscribeNotifications, currentNotifications, () => NONE);
  return (
    <div
      aria-live="polite"
      className="fixed right-4 bottom-4 z-50 flex w-96 max-w-[calc(100vw-2rem)] flex-col gap-2"
    >
      {items.map((item) => (
        <div
          key={item.id}
          role={item.kind === 'error' ? 'alert' : 'status'}
          className={`rounded border p-3 text-sm shadow ${TONES[item.kind]}`}
        >
          <div className="flex items-start justify-between gap-2">
            <div>
              <p className="font-semibold">{item.title}</p>
              {item.message && <p className="mt-1 break-words">{item.message}</p>}
            </div>
            <button
              type="button"
              aria-label={`Dismiss: ${item.title}`}
              className="rounded px-1 hover:bg-black/10 focus-visible:outline-2 focus-visible:outline-indigo-600"
              onClick={() => dismiss(item.id)}
            >
              ×
            </button>
          </div>
          {item.action && (
            <button
              type="button"
              className="mt-2 rounded border border-current px-2 py-0.5 text-xs font-medium focus-visible:outline-2 focus-visible:outline-indigo-600"
              onClick={() => {
                item.action?.run();
                dismiss(item.id);
              }}
            >
              {item.action.label}
            </button>
          )}
        </div>
      ))}
    </div>
  );
}

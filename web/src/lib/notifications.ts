// One place where anything in the UI says something to the user (errors, confirmations, undo).
export type NotificationKind = 'error' | 'success' | 'info';

export type NotificationAction = { label: string; run: () => void };

export type Notification = {
  id: number;
  kind: NotificationKind;
  title: string;
  message?: string;
  action?: NotificationAction;
};

type Listener = (items: readonly Notification[]) => void;

let items: readonly Notification[] = [];
let nextId = 1;
const listeners = new Set<Listener>();
const MAX_SHOWN = 5;

function publish(): void {
  for (const listener of listeners) listener(items);
}

// errors stay until dismissed; confirmations go away on their own (an Undo a little later)
const SHOWN_MS = { info: 8_000, success: 8_000, withAction: 20_000 };

export function notify(notification: Omit<Notification, 'id'>): number {
  const id = nextId++;
  items = [...items, { ...notification, id }].slice(-MAX_SHOWN);
  publish();
  if (notification.kind !== 'error' && typeof window !== 'undefined') {
    window.setTimeout(
      () => dismiss(id),
      notification.action ? SHOWN_MS.withAction : SHOWN_MS[notification.kind],
    );
  }
  return id;
}

export function dismiss(id: number): void {
  items = items.filter((item) => item.id !== id);
  publish();
}

export function subscribeNotifications(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function currentNotifications(): readonly Notification[] {
  return items;
}

export function clearNotifications(): void {
  items = [];
  publish();
}

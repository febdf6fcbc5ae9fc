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

export function notify(notification: Omit<Notification, 'id'>): number {
  const id = nextId++;
  items = [...items, { ...notification, id }].slice(-MAX_SHOWN);
  publish();
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

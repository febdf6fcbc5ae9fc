// The signed-in user's tokens: the access token is short-lived, the refresh token rotates.
// Kept in sessionStorage so a reload keeps the user signed in, and closing the tab signs out.
import { z } from 'zod';

const SessionSchema = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().nullable(),
  expiresAt: z.number(), // epoch ms when the access token expires
  email: z.string(),
  role: z.string().nullable(),
});

export type Session = z.infer<typeof SessionSchema>;

const STORAGE_KEY = 'catalog.session';
type Listener = () => void;
const listeners = new Set<Listener>();
let cached: Session | null | undefined;

function storage(): Storage | null {
  return typeof window === 'undefined' ? null : window.sessionStorage;
}

export function getSession(): Session | null {
  if (cached !== undefined) return cached;
  const raw = storage()?.getItem(STORAGE_KEY);
  const parsed = raw ? SessionSchema.safeParse(safeJson(raw)) : null;
  cached = parsed?.success ? parsed.data : null;
  return cached;
}

export function setSession(session: Session | null): void {
  cached = session;
  if (session) storage()?.setItem(STORAGE_KEY, JSON.stringify(session));
  else storage()?.removeItem(STORAGE_KEY);
  for (const listener of listeners) listener();
}

export function subscribeSession(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The role claim of a JWT (display only: the server checks every request). */
/** The signed-in user's id (the access token's subject, which audit records name as the actor). */
export function signedInUserId(): string | null {
  const token = getSession()?.accessToken;
  const payload = token?.split('.')[1];
  if (!payload) return null;
  const claims = safeJson(base64UrlDecode(payload));
  const subject = claims && typeof claims === 'object' ? (claims as { sub?: unknown }).sub : null;
  return typeof subject === 'string' ? subject : null;
}

/** An actor id as people read it: "you" for the signed-in user (others stay ids for now). */
export function actorLabel(actorId: string): string {
  return actorId === signedInUserId() ? 'you' : actorId;
}

export function roleOfToken(token: string): string | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  const claims = safeJson(base64UrlDecode(payload));
  if (claims && typeof claims === 'object' && 'role' in claims) {
    const role = (claims as { role: unknown }).role;
    return typeof role === 'string' ? role : null;
  }
  return null;
}

function base64UrlDecode(text: string): string {
  const padded = text
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(text.length / 4) * 4, '=');
  try {
    return atob(padded);
  } catch {
    return '';
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

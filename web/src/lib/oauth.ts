import { z } from 'zod';

import { env } from '@/config/env';
import { ApiError, describeStatus, problemFromBody } from '@/lib/problem';

// The API's browser sign-in flow: POST /auth/login answers an access token in the body and sets
// the refresh token as an HttpOnly cookie scoped to /auth, which script never sees; /auth/refresh
// spends it for a new pair and /auth/logout revokes it.
const SignedInSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string(),
  expires_in: z.number().positive(),
  user: z
    .object({ subject: z.string(), role: z.string(), partner_id: z.string().nullish() })
    .passthrough()
    .optional(),
});

export type SignedInResponse = z.infer<typeof SignedInSchema>;

export const LOGIN_PATH = '/auth/login';
export const REFRESH_PATH = '/auth/refresh';
export const LOGOUT_PATH = '/auth/logout';

async function postJson(path: string, body: unknown): Promise<Response> {
  try {
    return await fetch(`${env.apiOrigin}${path}`, {
      method: 'POST',
      credentials: 'include', // the refresh cookie
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
    });
  } catch {
    throw new ApiError({ status: 0, title: 'Offline', detail: describeStatus(0) });
  }
}

async function signedIn(response: Response): Promise<SignedInResponse> {
  const text = await response.text();
  const body: unknown = text ? safeJson(text) : null;
  if (!response.ok) throw problemFromBody(response.status, response.statusText, body);
  return SignedInSchema.parse(body);
}

/** Sign a user in with e-mail and password. */
export async function passwordSignIn(email: string, password: string): Promise<SignedInResponse> {
  return signedIn(await postJson(LOGIN_PATH, { email, password }));
}

/** A new access token for the refresh cookie (which rotates: the old one is spent). */
export async function refreshSignIn(): Promise<SignedInResponse> {
  return signedIn(await postJson(REFRESH_PATH, {}));
}

/** Revoke the refresh cookie when signing out; failure is not the user's problem. */
export async function revokeSignIn(): Promise<void> {
  await postJson(LOGOUT_PATH, {}).catch(() => undefined);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

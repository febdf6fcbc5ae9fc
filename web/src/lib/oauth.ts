import { env } from '@/config/env';
import type { ApiSchemas } from '@/lib/api-types';
import { ApiError, describeStatus, problemFromBody } from '@/lib/problem';

// The API's browser sign-in flow: POST /auth/login answers an access token in the body and sets
// the refresh token as an HttpOnly cookie scoped to /auth, which script never sees; /auth/refresh
// spends it for a new pair and /auth/logout revokes it.
export type SignedInResponse = ApiSchemas['SignInResponse'];

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
  const token = (body as Partial<SignedInResponse> | null)?.access_token;
  if (typeof token !== 'string' || !token)
    throw new ApiError({
      status: response.status,
      title: 'Unexpected answer',
      detail: 'the sign-in answer carried no access token',
    });
  return body as SignedInResponse;
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

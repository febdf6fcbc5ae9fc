import { z } from 'zod';

import { env } from '@/config/env';
import { ApiError, describeStatus, problemFromBody } from '@/lib/problem';

// OAuth2 token responses (RFC 6749 section 5.1).
const TokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string(),
  expires_in: z.number().positive(),
  refresh_token: z.string().optional(),
  scope: z.string().optional(),
});

export type TokenResponse = z.infer<typeof TokenResponseSchema>;

export const TOKEN_PATH = '/oauth/token';
export const REVOKE_PATH = '/oauth/revoke';

/** POST a grant to the token endpoint (form-encoded, as RFC 6749 asks). */
export async function requestToken(params: Record<string, string>): Promise<TokenResponse> {
  let response: Response;
  try {
    response = await fetch(`${env.apiOrigin}${TOKEN_PATH}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: new URLSearchParams(params).toString(),
    });
  } catch {
    throw new ApiError({ status: 0, title: 'Offline', detail: describeStatus(0) });
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) throw tokenError(response, body);
  return TokenResponseSchema.parse(body);
}

function tokenError(response: Response, body: unknown): ApiError {
  // RFC 6749 section 5.2 errors: {error, error_description}; ours may also be problem+json
  if (body && typeof body === 'object' && 'error' in body) {
    const oauth = body as { error: string; error_description?: string };
    const detail =
      oauth.error === 'invalid_grant'
        ? (oauth.error_description ?? 'The e-mail or password is wrong.')
        : (oauth.error_description ?? oauth.error);
    return new ApiError({ status: response.status, title: 'Sign-in failed', detail });
  }
  return problemFromBody(response.status, response.statusText, body);
}

/** Sign a user in with e-mail and password (the resource-owner password grant). */
export function passwordGrant(email: string, password: string): Promise<TokenResponse> {
  return requestToken({ grant_type: 'password', username: email, password });
}

/** Trade a refresh token for new tokens (it rotates: the old one is spent). */
export function refreshGrant(refreshToken: string): Promise<TokenResponse> {
  return requestToken({ grant_type: 'refresh_token', refresh_token: refreshToken });
}

/** Revoke a refresh token when signing out (RFC 7009); failure is not the user's problem. */
export async function revokeToken(refreshToken: string): Promise<void> {
  await fetch(`${env.apiOrigin}${REVOKE_PATH}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: refreshToken, token_type_hint: 'refresh_token' }).toString(),
  }).catch(() => undefined);
}

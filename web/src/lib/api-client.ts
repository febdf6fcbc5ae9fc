// The one API client: bearer tokens (refreshed once on 401), JSON in and out typed by the types
// generated from the OpenAPI document (api-schema.d.ts; a caller may add a Zod check), and every
// error body turned into one notification with the server's field and message.
import type { z } from 'zod';

import { env } from '@/config/env';
import { notify } from '@/lib/notifications';
import { refreshSignIn } from '@/lib/oauth';
import { ApiError, describeStatus, problemFromBody } from '@/lib/problem';
import { getSession, roleOfToken, setSession } from '@/lib/session';

export const API_PREFIX = '/api/v1';

type QueryValue = string | number | boolean | null | undefined | readonly string[];

export type RequestOptions<T> = {
  query?: Record<string, QueryValue>;
  body?: unknown;
  headers?: Record<string, string>;
  schema?: z.ZodType<T, z.ZodTypeDef, unknown>;
  signal?: AbortSignal;
  /** false: the caller shows the error itself (beside a file, in a form) */
  notifyOnError?: boolean;
};

export function apiUrl(path: string, query?: Record<string, QueryValue>): string {
  const base =
    path.startsWith('/api/') || path.startsWith('/oauth') ? path : `${API_PREFIX}${path}`;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '' || value === false) continue;
    if (Array.isArray(value)) value.forEach((item) => params.append(key, item));
    else params.append(key, String(value));
  }
  const search = params.toString();
  return `${env.apiOrigin}${base}${search ? `?${search}` : ''}`;
}

let refreshing: Promise<boolean> | null = null;

/** Refresh the access token once for all callers that saw a 401 at the same time. */
async function refreshSession(): Promise<boolean> {
  const session = getSession();
  if (!session) return false;
  refreshing ??= refreshSignIn()
    .then((tokens) => {
      setSession({
        ...session,
        accessToken: tokens.access_token,
        expiresAt: Date.now() + tokens.expires_in * 1000,
        role: tokens.user?.role ?? roleOfToken(tokens.access_token) ?? session.role,
      });
      return true;
    })
    .catch(() => {
      setSession(null);
      return false;
    })
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

async function send(
  method: string,
  url: string,
  options: RequestOptions<unknown>,
): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  const token = getSession()?.accessToken;
  if (token) headers.Authorization = `Bearer ${token}`;
  let body: string | Blob | undefined;
  if (options.body instanceof Blob) {
    // a file sent as the raw body (a cover image): its own type, not JSON
    headers['Content-Type'] = options.body.type || 'application/octet-stream';
    body = options.body;
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  try {
    return await fetch(url, { method, headers, body, signal: options.signal });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError({ status: 0, title: 'Offline', detail: describeStatus(0) });
  }
}

export async function request<T>(
  method: string,
  path: string,
  options: RequestOptions<T> = {},
): Promise<T> {
  const url = apiUrl(path, options.query);
  try {
    let response = await send(method, url, options);
    if (response.status === 401 && (await refreshSession()))
      response = await send(method, url, options);
    return await readBody(response, options);
  } catch (error) {
    if (error instanceof ApiError && options.notifyOnError !== false) notifyError(error);
    throw error;
  }
}

async function readBody<T>(response: Response, options: RequestOptions<T>): Promise<T> {
  const text = await response.text();
  const body: unknown = text ? safeJson(text) : null;
  if (!response.ok) {
    if (response.status === 401) setSession(null);
    throw problemFromBody(response.status, response.statusText, body);
  }
  if (!options.schema) return body as T;
  const parsed = options.schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ApiError({
      status: response.status,
      title: 'Unexpected answer',
      detail: `the server's answer did not have the expected shape (${issue?.path.join('.') || 'body'}: ${issue?.message})`,
    });
  }
  return parsed.data;
}

export function notifyError(error: ApiError): void {
  notify({
    kind: 'error',
    title: error.title,
    message: [
      error.field ? `${error.field}: ${error.detail}` : error.detail,
      error.requestId && `request ${error.requestId}`,
    ]
      .filter(Boolean)
      .join(' — '),
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export const api = {
  get: <T>(path: string, options?: RequestOptions<T>) => request<T>('GET', path, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions<T>) =>
    request<T>('POST', path, { ...options, body }),
  patch: <T>(path: string, body: unknown, options?: RequestOptions<T>) =>
    request<T>('PATCH', path, { ...options, body }),
  put: <T>(path: string, body: unknown, options?: RequestOptions<T>) =>
    request<T>('PUT', path, { ...options, body }),
  delete: <T>(path: string, options?: RequestOptions<T>) => request<T>('DELETE', path, options),
};

import { z } from 'zod';

// RFC 9457 problem details, as every API error is shaped.
const ProblemSchema = z
  .object({
    type: z.string().optional(),
    title: z.string().optional(),
    status: z.number().optional(),
    detail: z.string().optional(),
    field: z.string().nullish(),
    request_id: z.string().nullish(),
    errors: z
      .array(z.object({ field: z.string().nullish(), message: z.string() }).passthrough())
      .optional(),
  })
  .passthrough();

export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  readonly field: string | null;
  readonly requestId: string | null;
  readonly type: string | null;
  /** The problem document's other members (e.g. a refused delivery's ``findings``). */
  readonly members: Record<string, unknown>;

  constructor(init: {
    status: number;
    title: string;
    detail: string;
    field?: string | null;
    requestId?: string | null;
    type?: string | null;
    members?: Record<string, unknown>;
  }) {
    super(init.field ? `${init.field}: ${init.detail}` : init.detail);
    this.name = 'ApiError';
    this.status = init.status;
    this.title = init.title;
    this.detail = init.detail;
    this.field = init.field ?? null;
    this.requestId = init.requestId ?? null;
    this.type = init.type ?? null;
    this.members = init.members ?? {};
  }
}

/** The ApiError for a failed response body (problem+json, or anything else the server sent). */
export function problemFromBody(status: number, statusText: string, body: unknown): ApiError {
  const parsed = ProblemSchema.safeParse(body);
  if (!parsed.success) {
    return new ApiError({
      status,
      title: statusText || `HTTP ${status}`,
      detail: describeStatus(status),
    });
  }
  const problem = parsed.data;
  const firstError = problem.errors?.[0];
  return new ApiError({
    status,
    title: problem.title ?? (statusText || `HTTP ${status}`),
    detail: problem.detail ?? firstError?.message ?? describeStatus(status),
    field: problem.field ?? firstError?.field ?? null,
    requestId: problem.request_id ?? null,
    type: problem.type ?? null,
    members: problem,
  });
}

export function describeStatus(status: number): string {
  if (status === 0) return 'The server could not be reached: check your connection.';
  if (status === 401) return 'Your session has ended: sign in again.';
  if (status === 403) return 'Your role may not do this.';
  if (status === 404) return 'Not found.';
  if (status === 413) return 'Too large.';
  if (status === 429) return 'Too many requests: wait a moment and try again.';
  if (status >= 500)
    return 'The server failed; try again, and quote the request id if it persists.';
  return `The request failed (HTTP ${status}).`;
}

/** One line for a notification or an inline error: "isrc: 'X' is not an ISRC". */
export function errorText(error: unknown): string {
  if (error instanceof ApiError)
    return error.field ? `${error.field}: ${error.detail}` : error.detail;
  if (error instanceof Error) return error.message;
  return String(error);
}

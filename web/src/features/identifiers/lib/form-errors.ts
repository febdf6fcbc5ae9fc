import type { ZodError } from 'zod';

import { ApiError, errorText } from '@/lib/problem';

export type FieldErrors = Record<string, string>;

/** Each field's first problem from a failed Zod parse. */
export function zodFieldErrors(error: ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'form');
    errors[field] ??= issue.message;
  }
  return errors;
}

/** The server's refusal beside the field it names (one of ``fields``), else for the whole form. */
export function serverFieldErrors(failure: unknown, fields: readonly string[]): FieldErrors {
  if (failure instanceof ApiError && failure.field && fields.includes(failure.field))
    return { [failure.field]: failure.detail.replace(`${failure.field}: `, '') };
  return { form: errorText(failure) };
}

import { z } from 'zod';

import { iswcCheckDigitIsValid } from '@/lib/check-digits';

// The server's rules for a new work's title and ISWC (shared/domain/identifiers.py Iswc), checked
// before anything is sent.

export { iswcCheckDigitIsValid };

export const NewWorkSchema = z.object({
  title: z.string().trim().min(1, 'a work needs a title').max(500),
  iswc: z
    .string()
    .transform((text) => text.replace(/[\s.\-]/g, '').toUpperCase())
    .refine((text) => text === '' || /^T\d{10}$/.test(text), {
      message: 'is not an ISWC (T-DDD.DDD.DDD-C: T and 10 digits)',
    })
    .refine((text) => text === '' || iswcCheckDigitIsValid(text), {
      message: 'fails its check digit (the last digit)',
    }),
});

import { z } from 'zod';

// The server's rules for a new work's title and ISWC (shared/domain/identifiers.py Iswc), checked
// before anything is sent. ISWC: T + 9 digits + a check digit, (10 - (1 + sum(i * d_i)) mod 10) mod 10.

/** Whether the compact ISWC's last digit is its check digit. */
export function iswcCheckDigitIsValid(compact: string): boolean {
  const digits = compact.slice(1, 10).split('');
  const total = 1 + digits.reduce((sum, digit, index) => sum + (index + 1) * Number(digit), 0);
  return (10 - (total % 10)) % 10 === Number(compact.at(-1));
}

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

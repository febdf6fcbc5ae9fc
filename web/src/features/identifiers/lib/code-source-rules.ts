import { z } from 'zod';

// The server's rules for a partner's ISRC prefix and UPC/EAN range (shared/domain/code_sources.py),
// checked before anything is sent so a mistake shows beside its field.

const compact = (text: string) => text.replace(/[\s\-._/]/g, '').toUpperCase();

/** GS1 check digit: weights 3 and 1 from the right; the last digit makes the sum a multiple of 10. */
export function gtinCheckDigitIsValid(digits: string): boolean {
  const body = digits.slice(0, -1).split('').reverse();
  const sum = body.reduce((total, digit, index) => total + Number(digit) * (index % 2 ? 1 : 3), 0);
  return (10 - (sum % 10)) % 10 === Number(digits.at(-1));
}

export const IsrcPrefixSchema = z.object({
  country_code: z
    .string()
    .transform(compact)
    .refine((text) => /^[A-Z]{2}$/.test(text), {
      message: 'the country code is 2 letters (GB, US, QZ...)',
    }),
  registrant_code: z
    .string()
    .transform(compact)
    .refine((text) => /^[A-Z0-9]{3}$/.test(text), {
      message: 'the registrant code is 3 letters or digits',
    }),
  label: z.string().trim().max(200).optional(),
});

const gtin = z
  .string()
  .transform(compact)
  .refine((text) => /^(\d{12}|\d{13})$/.test(text), {
    message: 'is not a UPC-A (12 digits) or EAN-13 (13 digits)',
  })
  .refine((text) => gtinCheckDigitIsValid(text), {
    message: 'fails its check digit (the last digit)',
  });

export const CompanyPrefixSchema = z
  .object({
    company_prefix: z.string().transform(compact),
    length: z.union([z.literal(12), z.literal(13)]),
    label: z.string().trim().max(200).optional(),
  })
  .superRefine((value, context) => {
    const most = value.length - 2;
    if (
      !/^\d+$/.test(value.company_prefix) ||
      value.company_prefix.length < 6 ||
      value.company_prefix.length > most
    )
      context.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['company_prefix'],
        message: `a GS1 company prefix is 6 to ${most} digits`,
      });
  });

export const ExplicitRangeSchema = z
  .object({ first: gtin, last: gtin, label: z.string().trim().max(200).optional() })
  .superRefine((value, context) => {
    if (value.first.length !== value.last.length)
      context.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['last'],
        message: 'is not as long as the first code',
      });
    else if (value.last < value.first)
      context.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['last'],
        message: 'comes before the first code',
      });
  });

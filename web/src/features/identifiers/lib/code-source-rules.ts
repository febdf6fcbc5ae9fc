import { z } from 'zod';

import { gtinCheckDigitIsValid } from '@/lib/check-digits';

// The server's rules for a partner's ISRC prefix and UPC/EAN range (shared/domain/code_sources.py),
// checked before anything is sent so a mistake shows beside its field.

const compact = (text: string) => text.replace(/[\s\-._/]/g, '').toUpperCase();

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

import { z } from 'zod';

/**
 * A field some writers store as null to clear it (a profile rewrite, an answer without words,
 * a frozen summary without HTML): read as absent, as the domain types have it.
 */
export const nullAsAbsent = <T extends z.ZodTypeAny>(schema: T) =>
  schema
    .nullish()
    .transform((value) => value ?? undefined)
    .optional();

/** An instant stored as an ISO string, read as epoch milliseconds. */
export const isoInstant = z.string().transform((value) => Date.parse(value));

export const consentStatus = z.enum(['pending', 'confirmed', 'declined']);

/** A consent change with the words that caused it (partner items, erasure consent records). */
export const consentEvent = z.object({
  at: z.string(),
  status: consentStatus,
  source: z.enum(['plan', 'sms', 'email-link', 'api', 'carrier']),
  words: z.string().optional(),
});

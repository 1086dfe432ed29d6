import { z } from 'zod';
import type { ConsentEvent } from '../../model/partner-state.ts';
import { consentRecordKey, ENTITY } from '../keys.ts';
import { consentEvent } from './fields.ts';
import { TABLE } from './table-shape.ts';
import { ttlAttribute } from './ttl.ts';

/**
 * One record per number or address (under a hash of it): which pair holds it, its opt-out
 * across every pair, and when it was last asked for consent. Each part is written by its own
 * conditional update, so every one is optional.
 */
export const identityItemSchema = z
  .object({
    PK: z.string(),
    SK: z.string(),
    // Absent on records made by lifting an opt-out of a number never seen before (older writes).
    entity: z.literal(ENTITY.identity).optional(),
    pairId: z.string().optional(),
    partnerId: z.string().optional(),
    optedOutAt: z.string().optional(),
    optOutWords: z.string().optional(),
    /** Epoch milliseconds: compared in the consent-request condition. */
    askedAt: z.number().optional(),
  })
  .transform(({ PK: _p, SK: _s, entity: _e, ...record }) => record);

export type IdentityRecord = z.output<typeof identityItemSchema>;

/** What is kept of an erased account: its consent history, under a hash of the number or address. */
export const consentRecordItemSchema = z.object({
  PK: z.string(),
  SK: z.string(),
  entity: z.literal(ENTITY.consentRecord),
  consentLog: z.array(consentEvent),
  [TABLE.ttlAttribute]: z.number(),
});

/** The consent record of an erased account, kept until `keepMs` after `at` (then TTL drops it). */
export const consentRecordItem = (hash: string, consentLog: ConsentEvent[], at: number, keepMs: number) => ({
  ...consentRecordKey(hash, new Date(at).toISOString()),
  entity: ENTITY.consentRecord,
  consentLog,
  ...ttlAttribute(at + keepMs),
});

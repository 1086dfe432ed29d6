import { comparableAddress } from '../model/email-address.ts';
import { fnv1a } from '../util/hash.ts';
import { isoMinute } from '../util/time.ts';

/**
 * Every key in the table is built here.
 *
 * The due index (GSI1) is sharded: GSI1PK = DUE#<shard>, GSI1SK = <due minute, UTC>#<entity>#...
 * The tick asks each shard for "GSI1SK <= now", so it reads exactly what is due, catches
 * up after any downtime in the same query, and "what is due next" is one Query with Limit 1.
 * Sharding spreads the write load of schedules advancing at popular minutes (20:00).
 * The same index, overloaded, lists the local outbox (GSI1PK = OUTBOX).
 */
export const ENTITY = {
  pair: 'Pair',
  partner: 'Partner',
  definition: 'Definition',
  schedule: 'Schedule',
  delivery: 'Delivery',
  message: 'Message',
  outbox: 'OutboxEntry',
  checkIn: 'CheckIn',
  inbound: 'InboundMessage',
  providerPointer: 'ProviderPointer',
  conversation: 'Conversation',
  pulse: 'Pulse',
  supporterAgreement: 'SupporterAgreement',
  signInCode: 'SignInCode',
  rateLimit: 'RateLimitWindow',
  session: 'Session',
  identity: 'Identity',
  consentRecord: 'ConsentRecord',
} as const;
export type EntityName = (typeof ENTITY)[keyof typeof ENTITY];

export const DEFAULT_SHARDS = 8;

export const pairPk = (pairId: string) => `PAIR#${pairId}`;
export const pairSk = () => 'PAIR';
export const partnerSk = (partnerId: string) => `PARTNER#${partnerId}`;
export const SK_PREFIX = {
  pair: 'PAIR',
  partner: 'PARTNER#',
  definition: 'DEF#',
  schedule: 'SCHED#',
  delivery: 'DLV#',
  message: 'MSG#',
  checkIn: 'CHK#',
  inbound: 'IN#',
  conversation: 'CONV#',
  pulse: 'PULSE#',
  supporter: 'SUPPORTER#',
} as const;

export const definitionSk = (type: string, id: string) => `${SK_PREFIX.definition}${type}#${id}`;
export const scheduleSk = (scheduleId: string) => `${SK_PREFIX.schedule}${scheduleId}`;
export const deliverySk = (occurrenceAt: number, scheduleId: string) =>
  `${SK_PREFIX.delivery}${isoMinute(occurrenceAt)}#${scheduleId}`;
/** A message in its pair's log, and in the local outbox: keyed by the message's stable id. */
export const messageSk = (messageId: string) => `${SK_PREFIX.message}${messageId}`;
/** Check-ins sort by occurrence: a range of them is a key range. */
export const checkInSk = (occurrenceAt: number, ref: string) => `${SK_PREFIX.checkIn}${isoMinute(occurrenceAt)}#${ref}`;
export const checkInRange = (from: number, until: number) => ({
  from: `${SK_PREFIX.checkIn}${isoMinute(from)}`,
  until: `${SK_PREFIX.checkIn}${isoMinute(until)}#\uffff`,
});
/** Deliveries sort by occurrence too: the ones about [from, until] are a key range. */
export const deliveryRange = (from: number, until: number) => ({
  from: `${SK_PREFIX.delivery}${isoMinute(from)}`,
  until: `${SK_PREFIX.delivery}${isoMinute(until)}#\uffff`,
});
/** A conversation (one prompt to both partners) sorts by its occurrence. */
export const conversationSk = (occurrenceAt: number) => `${SK_PREFIX.conversation}${isoMinute(occurrenceAt)}`;
/** One partner's answer to one weekly pulse question. */
export const pulseSk = (occurrenceAt: number, partnerId: string) =>
  `${SK_PREFIX.pulse}${isoMinute(occurrenceAt)}#${partnerId}`;
/** Where a supporter's agreement stands (asked, agreed, confirmed, or ended and by whom). */
export const supporterSk = (supporterId: string) => `${SK_PREFIX.supporter}${supporterId}`;
export const inboundSk = (messageId: string) => `${SK_PREFIX.inbound}${messageId}`;

export const shardOf = (pairId: string, id: string, shards: number) => fnv1a(`${pairId}#${id}`) % shards;
export const dueIndexPk = (shard: number) => `DUE#${shard}`;
export const dueIndexSk = (dueAt: number, pairId: string, sortKey: string) =>
  `${isoMinute(dueAt)}#${pairId}#${sortKey}`;
/** Upper bound for "everything due at or before this minute". */
export const dueIndexUpperBound = (now: number) => `${isoMinute(now)}#\uffff`;

export const outboxPk = () => 'OUTBOX';
export const outboxSk = (at: number, messageId: string) => `${isoMinute(at)}#${messageId}`;

export const phoneIndexPk = (phone: string) => `PHONE#${phone}`;
export const emailIndexPk = (email: string) => `EMAIL#${comparableAddress(email)}`;
/** Where a provider's message id (Twilio's SID) points back to the logged message. */
export const providerPointerKey = (providerId: string) => ({ PK: `PROVIDER#${providerId}`, SK: 'PROVIDER' });
export const signInCodeKey = (identity: string) => ({ PK: `AUTH#${identity}`, SK: 'CODE' });
/**
 * One record per number or address, under a hash of it: which pair it belongs to (at most one
 * active pair), its opt-out across every pair (STOP, unsubscribe), and when it was last asked
 * for consent (at most once per 30 days). One item, so one request answers all three.
 */
export const identityKey = (identityHash: string) => ({ PK: `IDENTITY#${identityHash}`, SK: 'IDENTITY' });
/** A session, under a hash of its token (the token itself is never stored). */
export const sessionKey = (tokenHash: string) => ({ PK: `SESSION#${tokenHash}`, SK: 'SESSION' });
/** The phone index, overloaded: every session of one identity, for "sign out everywhere". */
export const sessionsIndexPk = (identity: string) => `SESSIONS#${identity}`;
export const rateLimitKey = (key: string, window: number) => ({ PK: `RATE#${key}`, SK: `W#${window}` });
/** Consent evidence kept after an account is erased, under a hash of the number or address. */
export const consentRecordKey = (identityHash: string, at: string) => ({ PK: `CONSENT#${identityHash}`, SK: at });
export const phoneIndexSk = (pairId: string, partnerId: string) => `PAIR#${pairId}#${partnerId}`;

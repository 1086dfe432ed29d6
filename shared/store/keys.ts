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
} as const;
export type EntityName = (typeof ENTITY)[keyof typeof ENTITY];

export const DEFAULT_SHARDS = 8;

export const pairPk = (pairId: string) => `PAIR#${pairId}`;
export const pairSk = () => 'PAIR';
export const partnerSk = (partnerId: string) => `PARTNER#${partnerId}`;
export const definitionSk = (type: string, id: string) => `DEF#${type}#${id}`;
export const scheduleSk = (scheduleId: string) => `SCHED#${scheduleId}`;
export const deliverySk = (occurrenceAt: number, scheduleId: string) => `DLV#${isoMinute(occurrenceAt)}#${scheduleId}`;
export const messageSk = (deliverySortKey: string, channel: string) => `MSG#${deliverySortKey.slice('DLV#'.length)}#${channel}`;

export const SK_PREFIX = {
  partner: 'PARTNER#',
  definition: 'DEF#',
  schedule: 'SCHED#',
  delivery: 'DLV#',
  message: 'MSG#',
} as const;

export const shardOf = (pairId: string, id: string, shards: number) => fnv1a(`${pairId}#${id}`) % shards;
export const dueIndexPk = (shard: number) => `DUE#${shard}`;
export const dueIndexSk = (dueAt: number, pairId: string, sortKey: string) => `${isoMinute(dueAt)}#${pairId}#${sortKey}`;
/** Upper bound for "everything due at or before this minute". */
export const dueIndexUpperBound = (now: number) => `${isoMinute(now)}#\uffff`;

export const outboxPk = () => 'OUTBOX';
export const outboxSk = (at: number, messageId: string) => `${isoMinute(at)}#${messageId}`;

export const phoneIndexPk = (phone: string) => `PHONE#${phone}`;
export const emailIndexPk = (email: string) => `EMAIL#${email.trim().toLowerCase()}`;
export const providerPk = (providerId: string) => `PROVIDER#${providerId}`;
export const phoneIndexSk = (pairId: string, partnerId: string) => `PAIR#${pairId}#${partnerId}`;

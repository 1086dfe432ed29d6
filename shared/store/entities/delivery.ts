import { z } from 'zod';
import { MESSAGE_KINDS, type ChannelName } from '../../model/message.ts';
import { iso } from '../../util/time.ts';
import type { Delivery } from '../delivery-repository.ts';
import { dueIndexPk, dueIndexSk, ENTITY, pairPk, shardOf } from '../keys.ts';
import { isoInstant, nullAsAbsent } from './fields.ts';
import { sameShape, type SameShape } from './same-shape.ts';
import { DUE, TABLE } from './table-shape.ts';
import { ttlAttribute } from './ttl.ts';

/** A delivery is kept this long after its occurrence (then TTL drops it). */
const DELIVERY_RETENTION_MS = 400 * 86_400_000;

const channel = z.enum(['sms', 'email']);
const claim = z.object({ owner: z.string(), until: z.number(), since: z.number() });
/** Claims live in top-level attributes (smsClaim, emailClaim) so a condition can name them. */
export const claimAttribute = (name: ChannelName) => `${name}Claim` as const;

/**
 * A delivery item: one occurrence of one schedule, its content, where it stands, each channel's
 * claim, the table's TTL and (while planned) its due-index keys. Instants are ISO strings,
 * except the claims, retryAt and the SES event, which conditions compare as numbers.
 */
export const deliveryItemSchema = z
  .object({
    PK: z.string(),
    SK: z.string(),
    entity: z.literal(ENTITY.delivery),
    pairId: z.string(),
    scheduleId: z.string(),
    kind: z.enum(MESSAGE_KINDS),
    recipientId: z.string(),
    occurrenceAt: isoInstant,
    fireAt: isoInstant,
    status: z.enum(['planned', 'sent', 'expired', 'suppressed', 'paused', 'failed']),
    reason: nullAsAbsent(z.string()),
    body: z.string(),
    subject: z.string(),
    refs: z.array(z.string()),
    titles: z.array(z.string()).optional(),
    aboutAt: isoInstant.optional(),
    plannedAt: isoInstant,
    sent: z.partialRecord(channel, z.string()),
    smsClaim: claim.optional(),
    emailClaim: claim.optional(),
    /** Written before claims existed: when each channel's attempt (of unknown outcome) began. */
    attempts: z.partialRecord(channel, z.string()).optional(),
    tries: z.number().optional(),
    retryAt: z.number().optional(),
    failCode: z.string().optional(),
    emailEvent: z.object({ type: z.string(), messageId: z.string(), at: z.number() }).optional(),
    onlyChannels: z.array(channel).optional(),
    html: nullAsAbsent(z.string()),
    smsBody: nullAsAbsent(z.string()),
    finishedAt: isoInstant.optional(),
    [TABLE.ttlAttribute]: z.number().optional(),
  })
  .transform(({ PK: _p, SK, entity: _e, [TABLE.ttlAttribute]: _t, smsClaim, emailClaim, attempts, ...delivery }) => {
    const claims: Delivery['claims'] = {};
    for (const [name, held] of [
      ['sms', smsClaim],
      ['email', emailClaim],
    ] as const) {
      const legacy = attempts?.[name];
      if (held) claims[name] = held;
      // An attempt from before claims: of unknown outcome, long expired.
      else if (legacy) claims[name] = { owner: 'legacy', until: 0, since: Date.parse(legacy) };
    }
    return { ...delivery, deliveryKey: SK, claims };
  });

sameShape<SameShape<z.output<typeof deliveryItemSchema>, Delivery>>(true);

/** A delivery's key from the pair and its sort key (carried as `deliveryKey`). */
export const deliveryItemKey = (pairId: string, deliveryKey: string) => ({ PK: pairPk(pairId), SK: deliveryKey });

/** The due-index sort key that brings a planned delivery back to the tick at `at`. */
export const deliveryDueSk = (pairId: string, deliveryKey: string, at: number) => dueIndexSk(at, pairId, deliveryKey);

/** The due-index keys of a planned delivery coming back at `at`. */
const deliveryDueKeys = (shards: number, pairId: string, deliveryKey: string, at: number) => ({
  [DUE.partitionKey]: dueIndexPk(shardOf(pairId, deliveryKey, shards)),
  [DUE.sortKey]: deliveryDueSk(pairId, deliveryKey, at),
});

/** The item written when an occurrence is claimed; `dueAt`: when a planned one comes back to the tick. */
export const deliveryItem = (shards: number, delivery: Delivery, dueAt: number | null) => {
  const { deliveryKey, claims: _claims, ...fields } = delivery;
  return {
    ...deliveryItemKey(delivery.pairId, deliveryKey),
    entity: ENTITY.delivery,
    ...fields,
    occurrenceAt: iso(delivery.occurrenceAt),
    fireAt: iso(delivery.fireAt),
    plannedAt: iso(delivery.plannedAt),
    aboutAt: delivery.aboutAt === undefined ? undefined : iso(delivery.aboutAt),
    finishedAt: delivery.finishedAt === undefined ? undefined : iso(delivery.finishedAt),
    ...ttlAttribute(delivery.occurrenceAt + DELIVERY_RETENTION_MS),
    ...(dueAt === null ? {} : deliveryDueKeys(shards, delivery.pairId, deliveryKey, dueAt)),
  };
};

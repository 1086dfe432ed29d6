import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ChannelName, MessageKind } from '../model/message.ts';
import { iso } from '../util/time.ts';
import { ENTITY, deliverySk, dueIndexPk, dueIndexSk, pairPk, shardOf } from './keys.ts';
import { putIfAbsent, updateIf, type Store } from './store.ts';

export type DeliveryStatus = 'planned' | 'sent' | 'expired' | 'suppressed' | 'paused';

/** One occurrence of one schedule: claimed once, then sent, expired or suppressed. */
export interface Delivery {
  pairId: string;
  deliveryKey: string; // the sort key; also the idempotency key (schedule id + occurrence)
  scheduleId: string;
  kind: MessageKind;
  recipientId: string;
  occurrenceAt: number;
  fireAt: number;
  status: DeliveryStatus;
  reason?: string;
  body: string;
  subject: string;
  refs: string[]; // what the message is about: "commitment:lunch-call", ...
  titles?: string[]; // the titles of refs, for check-in records
  /** The instant the message is about (the ritual itself, for a reminder or a ritual check-in). */
  aboutAt?: number;
  plannedAt: number;
  sent: Partial<Record<ChannelName, string>>;
  /** When a provider call was last started per channel (for providers without idempotency keys). */
  attempts?: Partial<Record<ChannelName, string>>;
  /** Send on these channels only (a fallback to email), whatever the partner's preference. */
  onlyChannels?: ChannelName[];
  /** An email's HTML part, when it is not simply made from `body` (the weekly summary). */
  html?: string;
  /** An SMS body when it differs from the email's text (the weekly summary). */
  smsBody?: string;
  finishedAt?: number;
}

/** A queue message: just enough to find the delivery. */
export interface DeliveryRef {
  pairId: string;
  deliveryKey: string;
}

/** A planned delivery not finished by this long after planning is re-queued by the tick. */
export const DELIVERY_LEASE_MS = 10 * 60_000;
const RETENTION_SECONDS = 400 * 86_400;

type Item = Record<string, unknown>;

export const deliveryKeyFor = (scheduleId: string, occurrenceAt: number) => deliverySk(occurrenceAt, scheduleId);

function leaseKeys(store: Store, pairId: string, deliveryKey: string, leaseUntil: number): Item {
  return {
    GSI1PK: dueIndexPk(shardOf(pairId, deliveryKey, store.shards)),
    GSI1SK: dueIndexSk(leaseUntil, pairId, deliveryKey),
  };
}

export function deliveryFromItem(item: Item): Delivery {
  const { PK: _pk, SK, GSI1PK: _a, GSI1SK: _b, entity: _e, expiresAt: _t, ...rest } = item;
  return {
    ...(rest as unknown as Delivery),
    deliveryKey: SK as string,
    occurrenceAt: Date.parse(item.occurrenceAt as string),
    fireAt: Date.parse(item.fireAt as string),
    plannedAt: Date.parse(item.plannedAt as string),
    aboutAt: typeof item.aboutAt === 'string' ? Date.parse(item.aboutAt) : undefined,
    finishedAt: typeof item.finishedAt === 'string' ? Date.parse(item.finishedAt) : undefined,
  };
}

/**
 * Claims an occurrence: a conditional put that only the first planner wins.
 * Returns the stored delivery, and whether this call created it.
 */
export async function claimDelivery(
  store: Store,
  delivery: Delivery,
): Promise<{ created: boolean; delivery: Delivery }> {
  const { deliveryKey, ...fields } = delivery;
  const item: Item = {
    PK: pairPk(delivery.pairId),
    SK: deliveryKey,
    entity: ENTITY.delivery,
    ...fields,
    occurrenceAt: iso(delivery.occurrenceAt),
    fireAt: iso(delivery.fireAt),
    plannedAt: iso(delivery.plannedAt),
    aboutAt: delivery.aboutAt === undefined ? undefined : iso(delivery.aboutAt),
    finishedAt: delivery.finishedAt === undefined ? undefined : iso(delivery.finishedAt),
    attempts: delivery.attempts ?? {},
    expiresAt: Math.floor(delivery.occurrenceAt / 1000) + RETENTION_SECONDS,
    // A delivery for later (a notice held for quiet hours) comes back through the due index at
    // its time; one for now comes back only if the queue lost it.
    ...(delivery.status === 'planned'
      ? leaseKeys(
          store,
          delivery.pairId,
          deliveryKey,
          delivery.fireAt > delivery.plannedAt ? delivery.fireAt : delivery.plannedAt + DELIVERY_LEASE_MS,
        )
      : {}),
  };
  if (await putIfAbsent(store, item)) return { created: true, delivery };
  const existing = await getDelivery(store, { pairId: delivery.pairId, deliveryKey });
  if (!existing) throw new Error(`delivery ${deliveryKey} vanished after a failed claim`);
  return { created: false, delivery: existing };
}

export async function getDelivery(store: Store, ref: DeliveryRef): Promise<Delivery | null> {
  const result = await store.doc.send(
    new GetCommand({
      TableName: store.tableName,
      Key: { PK: pairPk(ref.pairId), SK: ref.deliveryKey },
      ConsistentRead: true,
    }),
  );
  store.reads.record(result.Item ? 1 : 0);
  return result.Item ? deliveryFromItem(result.Item) : null;
}

async function stampChannel(
  store: Store,
  ref: DeliveryRef,
  map: 'attempts' | 'sent',
  channel: ChannelName,
  at: number,
): Promise<void> {
  await store.doc.send(
    new UpdateCommand({
      TableName: store.tableName,
      Key: { PK: pairPk(ref.pairId), SK: ref.deliveryKey },
      UpdateExpression: `SET ${map}.#channel = :at`,
      ExpressionAttributeNames: { '#channel': channel },
      ExpressionAttributeValues: { ':at': iso(at) },
    }),
  );
}

/** Records that a provider call is about to start for one channel. */
export const markChannelAttempt = (store: Store, ref: DeliveryRef, channel: ChannelName, at: number) =>
  stampChannel(store, ref, 'attempts', channel, at);

/** Records that one channel of a delivery went out (so a retry skips it). */
export const markChannelSent = (store: Store, ref: DeliveryRef, channel: ChannelName, at: number) =>
  stampChannel(store, ref, 'sent', channel, at);

/**
 * Moves a planned delivery to a final status and takes it out of the due index.
 * Returns false when it was no longer planned (another worker finished it).
 */
export async function finishDelivery(
  store: Store,
  ref: DeliveryRef,
  status: Exclude<DeliveryStatus, 'planned'>,
  at: number,
  details: { reason?: string; sentChannel?: ChannelName } = {},
): Promise<boolean> {
  const names: Record<string, string> = { '#status': 'status' };
  let update = 'SET #status = :status, finishedAt = :at, reason = :reason';
  if (details.sentChannel) {
    // Saves a write: the last channel's "sent" mark goes with the final status.
    update += ', sent.#channel = :at';
    names['#channel'] = details.sentChannel;
  }
  return updateIf(store, {
    Key: { PK: pairPk(ref.pairId), SK: ref.deliveryKey },
    UpdateExpression: `${update} REMOVE GSI1PK, GSI1SK`,
    ConditionExpression: '#status = :planned',
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: {
      ':status': status,
      ':at': iso(at),
      ':reason': details.reason ?? null,
      ':planned': 'planned',
    },
  });
}

/**
 * Freezes content written at send time (the weekly summary), once: every retry then sends
 * exactly the same text. Returns the stored content.
 */
export async function freezeContent(
  store: Store,
  ref: DeliveryRef,
  content: { body: string; subject: string; html?: string; smsBody?: string },
): Promise<void> {
  await updateIf(store, {
    Key: { PK: pairPk(ref.pairId), SK: ref.deliveryKey },
    UpdateExpression: 'SET body = :body, subject = :subject, html = :html, smsBody = :sms',
    ConditionExpression: 'body = :empty',
    ExpressionAttributeValues: {
      ':body': content.body,
      ':subject': content.subject,
      ':html': content.html ?? null,
      ':sms': content.smsBody ?? null,
      ':empty': '',
    },
  });
}

/** Pushes a stalled delivery's lease forward; returns false if it is no longer planned. */
export async function renewLease(store: Store, ref: DeliveryRef, now: number): Promise<boolean> {
  const keys = leaseKeys(store, ref.pairId, ref.deliveryKey, now + DELIVERY_LEASE_MS);
  return updateIf(store, {
    Key: { PK: pairPk(ref.pairId), SK: ref.deliveryKey },
    UpdateExpression: 'SET GSI1SK = :sk',
    ConditionExpression: '#status = :planned',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':sk': keys.GSI1SK, ':planned': 'planned' },
  });
}

export const isDeliveryItem = (item: Item) => item.entity === ENTITY.delivery;

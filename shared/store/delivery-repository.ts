import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ChannelName, MessageKind } from '../model/message.ts';
import { iso } from '../util/time.ts';
import { deliveryDueSk, deliveryItem, deliveryItemKey, deliveryItemSchema } from './entities/delivery.ts';
import { parseItem } from './entities/parse-item.ts';
import { DUE, KEY_CONDITION, type TaggedItem } from './entities/table-shape.ts';
import { queryAll } from './query-all.ts';
import { ENTITY, deliveryRange, deliverySk, pairPk } from './keys.ts';
import { putIfAbsent, updateIf, type Store } from './store.ts';

export type DeliveryStatus = 'planned' | 'sent' | 'expired' | 'suppressed' | 'paused' | 'failed';

/**
 * One sender's hold on one channel of a delivery: only the owner calls the provider, until
 * `until`. `since` is when the first attempt whose outcome is still unknown began.
 */
export interface ChannelClaim {
  owner: string;
  until: number;
  since: number;
}

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
  /** Who holds each channel's provider call, and since when its outcome is unknown. */
  claims: Partial<Record<ChannelName, ChannelClaim>>;
  /** Refused or throttled attempts so far (for back-off), and when the next one is due. */
  tries?: number;
  retryAt?: number;
  /** The provider's code when the delivery ended `failed` (or its last refusal). */
  failCode?: string;
  /** SES's word that the email went (a Send or Delivery event tagged with this delivery). */
  emailEvent?: { type: string; messageId: string; at: number };
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
  /** Lets the sender read the delivery and its recipient in one request. */
  recipientId?: string;
  /** The check-ins the message is about (it opens them, or checks them first): read in that request too. */
  checkInKeys?: string[];
}

/** A stalled delivery, re-queued by the tick, is left to its sender this long before the next try. */
export const DELIVERY_LEASE_MS = 10 * 60_000;
/**
 * A delivery planned for now and not finished this soon is re-queued by the next minute's tick.
 * Short, because the claim and the schedule's advance are one write: a crash (or a queue that
 * failed) right after it leaves no due schedule to bring the occurrence back, only this.
 */
export const FIRST_LEASE_MS = 60_000;

type Item = Record<string, unknown>;

export const deliveryKeyFor = (scheduleId: string, occurrenceAt: number) => deliverySk(occurrenceAt, scheduleId);

export const deliveryFromItem = (item: Item): Delivery => parseItem(ENTITY.delivery, deliveryItemSchema, item);

/** The conditional put that claims an occurrence: only the first planner's put succeeds. */
export function deliveryClaimPut(store: Store, delivery: Delivery): { Item: TaggedItem; ConditionExpression: string } {
  // A delivery for later (a notice held for quiet hours) comes back through the due index at
  // its time; one for now comes back if it is not finished within a minute.
  const dueAt =
    delivery.status !== 'planned'
      ? null
      : delivery.fireAt > delivery.plannedAt
        ? delivery.fireAt
        : delivery.plannedAt + FIRST_LEASE_MS;
  return { Item: deliveryItem(store.shards, delivery, dueAt), ConditionExpression: KEY_CONDITION.absent };
}

/**
 * Claims an occurrence: a conditional put that only the first planner wins.
 * Returns the stored delivery, and whether this call created it.
 */
export async function claimDelivery(
  store: Store,
  delivery: Delivery,
): Promise<{ created: boolean; delivery: Delivery }> {
  const { deliveryKey } = delivery;
  if (await putIfAbsent(store, deliveryClaimPut(store, delivery).Item)) return { created: true, delivery };
  const existing = await getDelivery(store, { pairId: delivery.pairId, deliveryKey });
  if (!existing) throw new Error(`delivery ${deliveryKey} vanished after a failed claim`);
  return { created: false, delivery: existing };
}

export async function getDelivery(store: Store, ref: DeliveryRef): Promise<Delivery | null> {
  const result = await store.doc.send(
    new GetCommand({
      TableName: store.tableName,
      Key: deliveryItemKey(ref.pairId, ref.deliveryKey),
      ConsistentRead: true,
    }),
  );
  store.reads.record(result.Item ? 1 : 0);
  return result.Item ? deliveryFromItem(result.Item) : null;
}

/** Records that one channel of a delivery went out (so a retry skips it). */
export async function markChannelSent(store: Store, ref: DeliveryRef, channel: ChannelName, at: number): Promise<void> {
  await store.doc.send(
    new UpdateCommand({
      TableName: store.tableName,
      Key: deliveryItemKey(ref.pairId, ref.deliveryKey),
      UpdateExpression: 'SET sent.#channel = :at',
      ExpressionAttributeNames: { '#channel': channel },
      ExpressionAttributeValues: { ':at': iso(at) },
    }),
  );
}

/**
 * Moves a planned delivery to a final status and takes it out of the due index.
 * Returns false when it was no longer planned (another worker finished it).
 */
export function finishDelivery(
  store: Store,
  ref: DeliveryRef,
  status: Exclude<DeliveryStatus, 'planned'>,
  at: number,
  details: { reason?: string; sentChannel?: ChannelName; failCode?: string } = {},
): Promise<boolean> {
  return updateIf(store, finishDeliveryUpdate(ref, status, at, details));
}

/** The conditional update finishDelivery makes, for writing it together with the message's log entry. */
export function finishDeliveryUpdate(
  ref: DeliveryRef,
  status: Exclude<DeliveryStatus, 'planned'>,
  at: number,
  details: { reason?: string; sentChannel?: ChannelName; failCode?: string } = {},
) {
  const names: Record<string, string> = { '#status': 'status' };
  let update = 'SET #status = :status, finishedAt = :at, reason = :reason';
  const values: Record<string, unknown> = {};
  if (details.failCode) {
    update += ', failCode = :code';
    values[':code'] = details.failCode;
  }
  if (details.sentChannel) {
    // Saves a write: the last channel's "sent" mark goes with the final status.
    update += ', sent.#channel = :at';
    names['#channel'] = details.sentChannel;
  }
  return {
    Key: deliveryItemKey(ref.pairId, ref.deliveryKey),
    UpdateExpression: `${update} REMOVE ${DUE.partitionKey}, ${DUE.sortKey}`,
    ConditionExpression: '#status = :planned',
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: {
      ':status': status,
      ':at': iso(at),
      ':reason': details.reason ?? null,
      ':planned': 'planned',
      ...values,
    },
  };
}

/**
 * Freezes content written at send time (the weekly summary), once: every retry then sends
 * exactly the same text. Returns false when some content was frozen already.
 */
export async function freezeContent(
  store: Store,
  ref: DeliveryRef,
  content: { body: string; subject: string; html?: string; smsBody?: string },
): Promise<boolean> {
  return updateIf(store, {
    Key: deliveryItemKey(ref.pairId, ref.deliveryKey),
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

/** A condition: no sender holds a channel of this delivery at `:now`, and no retry waits. */
export const NOTHING_LIVE =
  '(attribute_not_exists(smsClaim) OR smsClaim.#until <= :now) AND (attribute_not_exists(emailClaim) OR emailClaim.#until <= :now) AND (attribute_not_exists(retryAt) OR retryAt <= :now)';

/**
 * Pushes a stalled delivery's lease forward; returns false if it is no longer planned, or if
 * a sender holds a live claim on it (it is not stalled then: it comes back when the claim runs out).
 */
export async function renewLease(store: Store, ref: DeliveryRef, now: number): Promise<boolean> {
  return updateIf(store, {
    Key: deliveryItemKey(ref.pairId, ref.deliveryKey),
    UpdateExpression: `SET ${DUE.sortKey} = :sk`,
    ConditionExpression: `#status = :planned AND ${NOTHING_LIVE}`,
    ExpressionAttributeNames: { '#status': 'status', '#until': 'until' },
    ExpressionAttributeValues: {
      ':sk': deliveryDueSk(ref.pairId, ref.deliveryKey, now + DELIVERY_LEASE_MS),
      ':planned': 'planned',
      ':now': now,
    },
  });
}

/** The due-index sort key that brings a planned delivery back to the tick at `at`. */
export const dueAgainKey = (ref: DeliveryRef, at: number) => deliveryDueSk(ref.pairId, ref.deliveryKey, at);

/** True while some sender holds a channel of this delivery, or a retry is waiting. */
export const hasLiveClaim = (delivery: Delivery, now: number) =>
  Object.values(delivery.claims).some((claim) => claim && claim.until > now) ||
  (delivery.retryAt !== undefined && delivery.retryAt > now);

/** Records an SES Send/Delivery event on its delivery (never creates one). False: no such delivery. */
export async function recordEmailEvent(
  store: Store,
  ref: DeliveryRef,
  event: { type: string; messageId: string; at: number },
): Promise<boolean> {
  return updateIf(store, {
    Key: deliveryItemKey(ref.pairId, ref.deliveryKey),
    UpdateExpression: 'SET emailEvent = :event',
    ConditionExpression: KEY_CONDITION.exists,
    ExpressionAttributeValues: { ':event': event },
  });
}

export const isDeliveryItem = (item: Item) => item.entity === ENTITY.delivery;

/** A pair's deliveries for occurrences in [from, until], in key order. */
export async function listDeliveries(store: Store, pairId: string, from: number, until: number): Promise<Delivery[]> {
  const range = deliveryRange(from, until);
  const items = await queryAll(store, {
    KeyConditionExpression: KEY_CONDITION.between,
    ExpressionAttributeValues: { ':pk': pairPk(pairId), ':from': range.from, ':until': range.until },
  });
  return items.filter(isDeliveryItem).map(deliveryFromItem);
}

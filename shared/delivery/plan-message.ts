import type { ChannelName, MessageKind } from '../model/message.ts';
import type { PartnerRecord } from '../model/partner-state.ts';
import { deferPastQuietHours } from '../schedule/quiet-hours.ts';
import { claimDelivery, deliveryClaimPut, deliveryKeyFor, type Delivery } from '../store/delivery-repository.ts';
import type { StagedWrites } from '../replies/staged-writes.ts';
import type { Store } from '../store/store.ts';
import { type DeliveryQueue, queueRef } from './queue.ts';

export interface EventMessage {
  pairId: string;
  recipient: PartnerRecord;
  kind: MessageKind;
  /** Stable per event (the check-in, the inbound message): the idempotency key. */
  eventKey: string;
  /** The instant the event belongs to (part of the delivery's key). */
  eventAt: number;
  body: string;
  subject: string;
  /** A shorter text for SMS, when the email says more. */
  smsBody?: string;
  refs?: string[];
  /** Notices wait for the recipient's quiet hours to end; a reply to a text does not. */
  respectQuietHours: boolean;
  /** Only these channels (an email fallback), whatever the recipient's preference. */
  onlyChannels?: ChannelName[];
  /** Not before this instant (a snoozed reminder); quiet hours still apply after it. */
  notBefore?: number;
  /** The occurrence the message is about and its titles (a snoozed check-in reopens the same one). */
  aboutAt?: number;
  titles?: string[];
}

/**
 * Plans a message caused by an event rather than a schedule (a reply, a kept notice, a
 * thanks). It goes through the same claim-queue-send path as scheduled messages, so it is
 * sent once, honours STOP and PAUSE at send time, and survives a crash. Returns whether
 * this call created it (false: that event's message already exists). Without a queue (a plan
 * being applied), give `notBefore` in the future: the due index brings it to the tick then.
 * With `staged`, the delivery's put is gathered (queued once the gathered writes took effect)
 * instead of made.
 */
export async function planEventMessage(
  deps: { store: Store; queue?: DeliveryQueue },
  message: EventMessage,
  now: number,
  staged?: StagedWrites,
): Promise<boolean> {
  const delivery = eventDelivery(message, now);
  if (staged) {
    // Gathered: created with the reply's other writes, or not at all (then handled step by step).
    staged.add({ Put: deliveryClaimPut(deps.store, delivery) }, () => enqueueIfDue(deps.queue, delivery, now));
    return true;
  }
  const { created, delivery: stored } = await claimDelivery(deps.store, delivery);
  await enqueueIfDue(deps.queue, stored, now);
  return created;
}

async function enqueueIfDue(queue: DeliveryQueue | undefined, delivery: Delivery, now: number): Promise<void> {
  if (queue && delivery.status === 'planned' && delivery.fireAt <= now) await queue.enqueue([queueRef(delivery)]);
}

/** The delivery an event message becomes: due now, or when the recipient's quiet hours end. */
function eventDelivery(message: EventMessage, now: number): Delivery {
  const at = Math.max(now, message.notBefore ?? now);
  const fireAt = message.respectQuietHours
    ? deferPastQuietHours(at, message.recipient.timezone, message.recipient.quietHours)
    : at;
  return {
    pairId: message.pairId,
    deliveryKey: deliveryKeyFor(`${message.kind}:${message.eventKey}`, message.eventAt),
    scheduleId: `${message.kind}:${message.eventKey}`,
    kind: message.kind,
    recipientId: message.recipient.partnerId,
    occurrenceAt: message.eventAt,
    fireAt,
    status: 'planned',
    body: message.body,
    subject: message.subject,
    ...(message.smsBody ? { smsBody: message.smsBody } : {}),
    refs: message.refs ?? [],
    plannedAt: now,
    sent: {},
    claims: {},
    ...(message.onlyChannels ? { onlyChannels: message.onlyChannels } : {}),
    ...(message.aboutAt !== undefined ? { aboutAt: message.aboutAt } : {}),
    ...(message.titles ? { titles: message.titles } : {}),
  };
}

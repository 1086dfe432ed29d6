import { ChannelRefusal, type Reconciliation, type SendResult } from '../channels/channel.ts';
import type { OutboundMessage } from '../model/message.ts';
import { claimChannel, releaseChannel, scheduleRetry } from '../store/channel-claims.ts';
import type { ChannelClaim, Delivery, DeliveryRef } from '../store/delivery-repository.ts';
import { maskAddress } from '../util/privacy.ts';
import { nextRetryAt } from './retry-policy.ts';
import { SEND_METRICS } from './send-metrics.ts';
import type { SendDeps } from './send.ts';

/** How one attempt on one channel ended. */
export type Attempt =
  | { kind: 'sent'; result: SendResult }
  /** Another sender holds the channel, or the provider has not said yet: left alone. */
  | { kind: 'held' }
  /** The recipient's number or address was refused: mark them, try the other channel. */
  | { kind: 'recipient-refused'; code: string }
  /** Refused on our side, or throttled: back at `retryAt`. */
  | { kind: 'retrying'; code: string; retryAt: number }
  /** Refused on our side, or throttled, with no retry left within the staleness rule. */
  | { kind: 'failed'; code: string };

/** Did an earlier attempt, begun at `since`, reach the recipient? Asked before any resend. */
async function reconcile(
  deps: SendDeps,
  delivery: Delivery,
  message: OutboundMessage,
  since: number,
  now: number,
): Promise<Reconciliation> {
  if (message.channel === 'email' && delivery.emailEvent)
    return { found: { providerId: delivery.emailEvent.messageId, duplicate: true } };
  const channel = deps.channels[message.channel];
  return channel.reconcile ? channel.reconcile(message, since, now) : { absent: true };
}

/**
 * Sends one message on one channel at most once, whatever other senders do at the same time
 * and whatever crashed before: the channel is claimed with a conditional write (owner + lease);
 * a live claim held by another sender is left alone; an expired one means an attempt of unknown
 * outcome, so the provider is asked before anything is resent. Refusals are classified by the
 * table in refusals.ts, logged with the address masked, counted, and never recorded as sent.
 */
export async function attemptChannel(
  deps: SendDeps,
  delivery: Delivery,
  message: OutboundMessage,
  owner: string,
  now: number,
): Promise<Attempt> {
  const ref: DeliveryRef = { pairId: delivery.pairId, deliveryKey: delivery.deliveryKey };
  const channel = deps.channels[message.channel];
  if (channel.idempotent) return sendUnclaimed(deps, delivery, message, now);
  const seen = delivery.claims[message.channel];
  if (seen && seen.until > now) return { kind: 'held' };
  const claim = await claimChannel(deps.store, ref, message.channel, owner, seen, now);
  if (!claim) return { kind: 'held' };
  try {
    if (seen) {
      const earlier = await reconcile(deps, delivery, message, seen.since, now);
      if ('found' in earlier) return { kind: 'sent', result: earlier.found };
      if ('pendingUntil' in earlier) {
        await releaseChannel(deps.store, ref, message.channel, claim, { settled: false, until: earlier.pendingUntil });
        return { kind: 'held' };
      }
    }
    return { kind: 'sent', result: await channel.send(message, now) };
  } catch (error) {
    if (error instanceof ChannelRefusal) return refused(deps, delivery, message, claim, error, now);
    // The outcome is unknown: sendDelivery hands the claim back, and the next sender asks the
    // provider first.
    throw error;
  }
}

/** A transport that takes each message id once needs no claim: senders meet in it. */
async function sendUnclaimed(
  deps: SendDeps,
  delivery: Delivery,
  message: OutboundMessage,
  now: number,
): Promise<Attempt> {
  try {
    return { kind: 'sent', result: await deps.channels[message.channel].send(message, now) };
  } catch (error) {
    if (error instanceof ChannelRefusal) return refused(deps, delivery, message, null, error, now);
    throw error;
  }
}

async function refused(
  deps: SendDeps,
  delivery: Delivery,
  message: OutboundMessage,
  claim: ChannelClaim | null,
  refusal: ChannelRefusal,
  now: number,
): Promise<Attempt> {
  const ref: DeliveryRef = { pairId: delivery.pairId, deliveryKey: delivery.deliveryKey };
  const metric =
    refusal.side === 'recipient'
      ? SEND_METRICS.refusedRecipient
      : refusal.side === 'sender'
        ? SEND_METRICS.refusedSender
        : SEND_METRICS.throttled;
  deps.metrics?.count(metric, message.channel);
  const fields = {
    delivery: delivery.deliveryKey,
    kind: message.kind,
    channel: message.channel,
    to: maskAddress(message.to),
    code: refusal.code,
    side: refusal.side,
  };
  if (refusal.side === 'recipient') {
    deps.logger.warn('provider refused the recipient', fields);
    if (claim) await releaseChannel(deps.store, ref, message.channel, claim, { settled: true });
    return { kind: 'recipient-refused', code: refusal.code };
  }
  const tries = (delivery.tries ?? 0) + 1;
  const retryAt = nextRetryAt(delivery, tries, now, deps.random ?? Math.random);
  if (retryAt === null) {
    deps.logger.error('provider refused the message; no retry left, delivery failed', { ...fields, tries });
    return { kind: 'failed', code: refusal.code };
  }
  deps.logger.warn('provider refused the message; will retry', {
    ...fields,
    tries,
    retryAt: new Date(retryAt).toISOString(),
  });
  deps.metrics?.count(SEND_METRICS.retried, message.channel);
  await scheduleRetry(deps.store, ref, message.channel, claim?.owner ?? null, { tries, retryAt, code: refusal.code });
  return { kind: 'retrying', code: refusal.code, retryAt };
}

import { randomUUID } from 'node:crypto';
import { TransientChannelError, type ChannelSet } from '../channels/channel.ts';
import { applyPermanentFailure } from './permanent-failure.ts';
import {
  ASKS_FOR_CONSENT,
  isStale,
  PAUSABLE_KINDS,
  STALE_REASON,
  type ChannelName,
  type OutboundMessage,
} from '../model/message.ts';
import type { PartnerRecord } from '../model/partner-state.ts';
import {
  finishDelivery,
  freezeContent,
  getDelivery,
  markChannelSent,
  type Delivery,
  type DeliveryRef,
} from '../store/delivery-repository.ts';
import { needsPracticeContent, withdrawPracticeContent, writePracticeContent } from '../practices/content-at-send.ts';
import { buildWeeklySummary } from '../summary/build-summary.ts';
import { summaryHtml, summarySms, summarySubject, summaryText } from '../summary/render-summary.ts';
import { logMessage } from '../store/message-repository.ts';
import { getDeliveryAndRecipient } from '../store/delivery-with-recipient.ts';
import { openCheckIns, recordCheckIns } from './record-checkins.ts';
import { overtaken } from './overtaken.ts';
import { resolveRecipient } from './recipient-resolvers.ts';
import { isOutboxOnly } from '../channels/outbox-channel.ts';
import type { Store } from '../store/store.ts';
import type { Logger } from '../util/logger.ts';
import { maskAddress } from '../util/privacy.ts';
import { messageFor, type LinkSettings } from './compose-message.ts';
import { attemptChannel } from './send-attempt.ts';
import { releaseChannel } from '../store/channel-claims.ts';
import { SEND_METRICS, type SendMetrics } from './send-metrics.ts';
import { handOffAndRecord, recordSent } from './record-sent.ts';

export interface SendDeps {
  store: Store;
  channels: ChannelSet;
  logger: Logger;
  /** Counts sent, refused (by side), retried, failed, and lateness, per channel. */
  metrics?: SendMetrics;
  /** For one-click answer links in check-in emails. Without it, email check-ins ask for a text reply. */
  links?: LinkSettings;
  /** Jitter for retry back-off (seeded in tests and benchmarks). */
  random?: () => number;
}

export type SendOutcome =
  | 'sent'
  | 'already-finished'
  | 'expired'
  | 'suppressed'
  | 'paused'
  | 'missing'
  | 'not-due'
  /** Another sender holds it (or the provider has not yet said): left alone, the tick brings it back. */
  | 'held'
  /** Refused on our side or throttled: the tick brings it back after a back-off. */
  | 'retrying'
  /** Refused with no retry left: recorded as failed with the provider's code. */
  | 'failed';

const canText = (partner: PartnerRecord) => Boolean(partner.phone) && !partner.smsOptedOut && !partner.smsInvalid;
const canEmail = (partner: PartnerRecord) =>
  Boolean(partner.email) && !partner.emailUndeliverable && !partner.emailUnsubscribed;

/** The channels a partner can be reached on right now, in the partner's order of choice. */
export function reachableChannels(partner: PartnerRecord, only?: ChannelName[]): ChannelName[] {
  const wanted: ChannelName[] = only ?? (partner.channel === 'both' ? ['sms', 'email'] : [partner.channel]);
  return wanted.filter((channel) => (channel === 'sms' ? canText(partner) : canEmail(partner)));
}

function why(
  delivery: Delivery,
  partner: PartnerRecord | null,
  now: number,
): { outcome: SendOutcome; reason: string } | null {
  if (!partner) return { outcome: 'suppressed', reason: 'recipient no longer in the pair' };
  if (ASKS_FOR_CONSENT.has(delivery.kind)) {
    if (partner.consent !== 'pending') return { outcome: 'suppressed', reason: `consent already ${partner.consent}` };
  } else if (partner.consent !== 'confirmed' && delivery.kind !== 'reply') {
    // A reply answers a text the partner sent; anything else needs their consent.
    return { outcome: 'suppressed', reason: 'recipient has not consented' };
  }
  if (isStale(delivery.kind, delivery.fireAt, now)) {
    return { outcome: 'expired', reason: STALE_REASON };
  }
  if (PAUSABLE_KINDS.has(delivery.kind) && partner.pausedUntil && Date.parse(partner.pausedUntil) > now) {
    return { outcome: 'paused', reason: `paused until ${partner.pausedUntil}` };
  }
  if (reachableChannels(partner).length === 0)
    return { outcome: 'suppressed', reason: 'no channel the recipient can be reached on' };
  return null;
}

/** The weekly summary is written when it goes out, from the week so far, then frozen. */
async function writeSummary(store: Store, delivery: Delivery): Promise<Delivery | null> {
  const summary = await buildWeeklySummary(store, delivery.pairId, delivery.recipientId, delivery.occurrenceAt);
  if (!summary) return null;
  const content = {
    body: summaryText(summary),
    subject: summarySubject(summary),
    html: summaryHtml(summary),
    smsBody: summarySms(summary),
  };
  const frozen = await freezeContent(store, { pairId: delivery.pairId, deliveryKey: delivery.deliveryKey }, content);
  // Ours is the frozen content: no need to read it back. Another sender's: read theirs.
  return frozen ? { ...delivery, ...content } : null;
}

/**
 * Sends one queued delivery. Safe to call any number of times for the same delivery, and
 * after a crash at any step: each channel is skipped once recorded as sent, channels are
 * idempotent by message id, and the final status is set with a conditional write.
 * Throws on a passing failure so that the queue retries.
 */
export async function sendDelivery(deps: SendDeps, ref: DeliveryRef, now: number): Promise<SendOutcome> {
  const owner = randomUUID();
  try {
    return await sendAs(deps, ref, owner, now);
  } catch (error) {
    // Still alive after a failed step: hand any claim of ours back at once (the next sender asks
    // the provider first), rather than making the retry wait out the lease. A sender that dies
    // cannot do this; its claims run out. Nor after a timeout: the request may still be under
    // way at the provider, so nobody looks before the lease has run out.
    if (!(error instanceof TransientChannelError && error.inFlight))
      for (const channel of ['sms', 'email'] as const)
        await releaseChannel(deps.store, ref, channel, { owner }, { settled: false, until: now }).catch(() => false);
    throw error;
  }
}

function reportSent(deps: SendDeps, message: OutboundMessage, duplicate: boolean): void {
  deps.logger.info('message sent', {
    kind: message.kind,
    channel: message.channel,
    to: maskAddress(message.to),
    duplicate,
  });
  deps.metrics?.count(SEND_METRICS.sent, message.channel);
}

async function sendAs(deps: SendDeps, ref: DeliveryRef, owner: string, now: number): Promise<SendOutcome> {
  const first = await getDeliveryAndRecipient(deps.store, ref);
  let delivery = first.delivery;
  if (!delivery) return 'missing';
  if (delivery.kind === 'summary' && delivery.body === '' && delivery.status === 'planned') {
    delivery = (await writeSummary(deps.store, delivery)) ?? (await getDelivery(deps.store, ref))!;
  }
  if (needsPracticeContent(delivery)) {
    await writePracticeContent(deps, delivery);
    delivery = (await getDelivery(deps.store, ref))!;
  }
  if (delivery.status !== 'planned') return 'already-finished';
  // Held for quiet hours, or waiting to retry: the due index brings it back.
  if (delivery.fireAt > now || (delivery.retryAt ?? 0) > now) return 'not-due';
  // Consent, opt-out and pause are read fresh at send time: STOP is honoured at once.
  const partner = await resolveRecipient(deps.store, delivery, first.partner, {
    planConsentHonoured: isOutboxOnly(deps.channels),
  });
  const stale = await overtaken(deps.store, delivery, now, first.checkIns);
  const blocked = stale ? { outcome: 'suppressed' as const, reason: stale } : why(delivery, partner, now);
  if (blocked) {
    if (blocked.outcome === 'paused' || blocked.outcome === 'expired')
      await recordCheckIns(deps.store, delivery, blocked.outcome, now);
    await withdrawPracticeContent(deps, delivery);
    await finishDelivery(deps.store, ref, blocked.outcome as 'expired' | 'suppressed' | 'paused', now, {
      reason: blocked.reason,
    });
    deps.logger.info('delivery not sent', {
      delivery: ref.deliveryKey,
      kind: delivery.kind,
      outcome: blocked.outcome,
      reason: blocked.reason,
    });
    return blocked.outcome;
  }
  await openCheckIns(deps.store, delivery, partner!, first.checkIns, now);
  const queue = reachableChannels(partner!, delivery.onlyChannels).filter((channel) => !delivery.sent[channel]);
  if (queue.length === 1 && Object.keys(delivery.sent).length === 0) {
    const message = messageFor(delivery, partner!, queue[0]!, deps.links);
    if (await handOffAndRecord(deps.store, deps.channels, ref, message, now)) {
      reportSent(deps, message, false);
      deps.metrics?.lateness(now - delivery.fireAt, message.channel);
      return 'sent';
    }
  }
  // The last channel sent: its log entry and "sent" mark go with the final status, to save writes.
  let unmarked: { message: OutboundMessage; channel: ChannelName; transport: string; providerId: string } | undefined;
  let sentAny = Object.keys(delivery.sent).length > 0;
  let lastRefusal: { code: string; channel: ChannelName } | undefined;
  let fellBack = Boolean(delivery.sent.email) || queue.includes('email');
  const markUnmarked = async () => {
    if (unmarked) {
      await logMessage(deps.store, {
        ...unmarked.message,
        sentAt: new Date(now).toISOString(),
        transport: unmarked.transport,
        providerId: unmarked.providerId,
      });
      await markChannelSent(deps.store, ref, unmarked.channel, now);
    }
    unmarked = undefined;
  };
  while (queue.length > 0) {
    const channel = queue.shift()!;
    const message = messageFor(delivery, partner!, channel, deps.links);
    const attempt = await attemptChannel(deps, delivery, message, owner, now);
    if (attempt.kind === 'sent') {
      await markUnmarked();
      reportSent(deps, message, attempt.result.duplicate);
      unmarked = {
        message,
        channel,
        transport: deps.channels[channel].transport,
        providerId: attempt.result.providerId,
      };
      sentAny = true;
    } else if (attempt.kind === 'recipient-refused') {
      lastRefusal = { code: attempt.code, channel };
      await applyPermanentFailure(deps.store, partner!, channel, attempt.code, now);
      // Once, with the same content: a text that cannot go out goes by email when there is one.
      if (channel === 'sms' && !fellBack && canEmail(partner!)) {
        fellBack = true;
        queue.push('email');
      }
    } else if (attempt.kind === 'failed' && !sentAny) {
      deps.metrics?.count(SEND_METRICS.failed, channel);
      await finishDelivery(deps.store, ref, 'failed', now, {
        reason: `refused by the provider (${attempt.code})`,
        failCode: attempt.code,
      });
      return 'failed';
    } else if (attempt.kind === 'held' || attempt.kind === 'retrying') {
      await markUnmarked();
      return attempt.kind;
    }
  }
  if (!sentAny) {
    // Every channel refused the recipient: nothing went out, and the record says so.
    deps.metrics?.count(SEND_METRICS.failed, lastRefusal?.channel ?? 'sms');
    await finishDelivery(deps.store, ref, 'failed', now, {
      reason: 'the recipient could not be reached on any channel',
      failCode: lastRefusal?.code,
    });
    return 'failed';
  }
  const finished = await recordSent(deps.store, ref, unmarked, now);
  if (finished && unmarked) deps.metrics?.lateness(now - delivery.fireAt, unmarked.channel);
  return finished ? 'sent' : 'already-finished';
}

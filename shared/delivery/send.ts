import type { ChannelSet, SendResult } from '../channels/channel.ts';
import { PermanentChannelError } from '../channels/channel.ts';
import { applyPermanentFailure } from './permanent-failure.ts';
import { isStale, PAUSABLE_KINDS, STALE_REASON, type ChannelName, type OutboundMessage } from '../model/message.ts';
import type { PartnerRecord } from '../model/partner-state.ts';
import { toGsm7 } from '../messages/gsm7.ts';
import { checkInEmail } from '../messages/checkin-email.ts';
import { escapeHtml } from '../messages/email-html.ts';
import { joinToken, joinUrl } from '../links/join-link.ts';
import {
  finishDelivery,
  freezeContent,
  getDelivery,
  markChannelAttempt,
  markChannelSent,
  type Delivery,
  type DeliveryRef,
} from '../store/delivery-repository.ts';
import { needsPracticeContent, writePracticeContent } from '../practices/content-at-send.ts';
import { buildWeeklySummary } from '../summary/build-summary.ts';
import { summaryHtml, summarySms, summarySubject, summaryText } from '../summary/render-summary.ts';
import { logMessage } from '../store/message-repository.ts';
import { getPartner, setNumbering } from '../store/partner-repository.ts';
import { getCheckIn, recordPrompt } from '../store/checkin-repository.ts';
import { checkInSk, SK_PREFIX } from '../store/keys.ts';
import type { Store } from '../store/store.ts';
import type { Logger } from '../util/logger.ts';
import { maskAddress } from '../util/privacy.ts';

export interface SendDeps {
  store: Store;
  channels: ChannelSet;
  logger: Logger;
  /** Told how late each sent delivery went out (sent time minus due time, after quiet hours). */
  recordLateness?: (ms: number) => void;
  /** For one-click answer links in check-in emails. Without it, email check-ins ask for a text reply. */
  links?: { secret: string; publicUrl: string };
}

export type SendOutcome = 'sent' | 'already-finished' | 'expired' | 'suppressed' | 'paused' | 'missing' | 'not-due';

const canText = (partner: PartnerRecord) => Boolean(partner.phone) && !partner.smsOptedOut && !partner.smsInvalid;
const canEmail = (partner: PartnerRecord) =>
  Boolean(partner.email) && !partner.emailUndeliverable && !partner.emailUnsubscribed;

/** The channels a partner can be reached on right now, in the partner's order of choice. */
export function reachableChannels(partner: PartnerRecord, only?: ChannelName[]): ChannelName[] {
  const wanted: ChannelName[] = only ?? (partner.channel === 'both' ? ['sms', 'email'] : [partner.channel]);
  return wanted.filter((channel) => (channel === 'sms' ? canText(partner) : canEmail(partner)));
}

/**
 * Sends on one channel at most once. Before a provider without idempotency keys is called,
 * the attempt is recorded; if a later retry finds that record (the earlier attempt's outcome
 * is unknown), it asks the provider whether the message went out before sending again.
 */
async function deliverOnce(
  deps: SendDeps,
  delivery: Delivery,
  message: OutboundMessage,
  now: number,
): Promise<SendResult> {
  const channel = deps.channels[message.channel];
  if (channel.findSent) {
    const previous = delivery.attempts?.[message.channel];
    if (previous) {
      const found = await channel.findSent(message, Date.parse(previous));
      if (found) return found;
    }
    await markChannelAttempt(
      deps.store,
      { pairId: delivery.pairId, deliveryKey: delivery.deliveryKey },
      message.channel,
      now,
    );
  }
  return channel.send(message, now);
}

/** A shared ritual already logged as done by the other partner needs no second prompt. */
async function alreadyDone(store: Store, delivery: Delivery): Promise<boolean> {
  if (delivery.kind !== 'ritual-checkin') return false;
  const existing = await getCheckIn(
    store,
    delivery.pairId,
    checkInSk(delivery.aboutAt ?? delivery.occurrenceAt, delivery.refs[0]!),
  );
  return existing?.status === 'kept';
}

function why(
  delivery: Delivery,
  partner: PartnerRecord | null,
  now: number,
): { outcome: SendOutcome; reason: string } | null {
  if (!partner) return { outcome: 'suppressed', reason: 'recipient no longer in the pair' };
  if (delivery.kind === 'consent-request') {
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

function messageFor(
  delivery: Delivery,
  partner: PartnerRecord,
  channel: ChannelName,
  links?: SendDeps['links'],
): OutboundMessage {
  const smsBody = delivery.smsBody ?? delivery.body;
  if (channel === 'email' && links && delivery.kind === 'consent-request') {
    // By email there is nothing to reply YES to: the invitation carries a join link instead.
    const url = joinUrl(links.publicUrl, joinToken(links.secret, delivery.pairId, partner.partnerId, delivery.fireAt));
    const intro = delivery.body.replace(/ Reply YES to join, STOP to opt out\. Msg&data rates may apply\.$/, '');
    return {
      ...baseMessage(delivery, partner, channel),
      body: `${intro}\n\nJoin: ${url}\n\nIf you do not want this, ignore this email: nothing is sent without your yes.`,
      subject: delivery.subject,
      html: `<p style="margin:0 0 12px;">${escapeHtml(intro)}</p><p><a href="${escapeHtml(url)}" style="display:inline-block;padding:10px 16px;border-radius:6px;background:#1f6f5c;color:#ffffff;text-decoration:none;font-weight:bold;">Join</a></p><p style="color:#566074;font-size:14px;">If you do not want this, ignore this email: nothing is sent without your yes.</p>`,
    };
  }
  if (channel === 'email' && links && CHECKIN_KINDS.has(delivery.kind)) {
    const items = delivery.refs.map((ref, i) => ({
      title: delivery.titles?.[i] ?? ref,
      checkInKey: checkInSk(delivery.aboutAt ?? delivery.occurrenceAt, ref),
    }));
    const intro =
      delivery.kind === 'ritual-checkin'
        ? 'Did it happen?'
        : items.length === 1
          ? delivery.subject
          : "Today's check-in:";
    // Links are made from the delivery's own time, so a retry makes the very same message.
    const email = checkInEmail(intro, items, {
      ...links,
      pairId: delivery.pairId,
      partnerId: partner.partnerId,
      now: delivery.fireAt,
    });
    return {
      ...baseMessage(delivery, partner, channel),
      body: email.text,
      subject: delivery.subject,
      html: email.html,
    };
  }
  return {
    ...baseMessage(delivery, partner, channel),
    body: channel === 'sms' ? toGsm7(smsBody) : delivery.body,
    ...(channel === 'email' ? { subject: delivery.subject, ...(delivery.html ? { html: delivery.html } : {}) } : {}),
  };
}

function baseMessage(delivery: Delivery, partner: PartnerRecord, channel: ChannelName): Omit<OutboundMessage, 'body'> {
  return {
    id: `${delivery.pairId}/${delivery.deliveryKey.slice(SK_PREFIX.delivery.length)}/${channel}`,
    pairId: delivery.pairId,
    recipientId: delivery.recipientId,
    channel,
    to: channel === 'sms' ? partner.phone! : partner.email!,
    kind: delivery.kind,
    dueAt: delivery.fireAt,
  };
}

/** The weekly summary is written when it goes out, from the week so far, then frozen. */
async function writeSummary(store: Store, delivery: Delivery): Promise<void> {
  const summary = await buildWeeklySummary(store, delivery.pairId, delivery.recipientId, delivery.occurrenceAt);
  if (!summary) return;
  await freezeContent(
    store,
    { pairId: delivery.pairId, deliveryKey: delivery.deliveryKey },
    {
      body: summaryText(summary),
      subject: summarySubject(summary),
      html: summaryHtml(summary),
      smsBody: summarySms(summary),
    },
  );
}

const CHECKIN_KINDS = new Set(['checkin', 'ritual-checkin']);

/**
 * A check-in message opens one check-in per promise it asks about (before it is sent, so an
 * answer always finds it); a paused or expired one records that instead. Idempotent.
 * Returns false for messages that are not check-ins.
 */
async function recordCheckIns(
  store: Store,
  delivery: Delivery,
  status: 'open' | 'paused' | 'expired',
  now: number,
): Promise<boolean> {
  if (!CHECKIN_KINDS.has(delivery.kind)) return false;
  const shared = delivery.kind === 'ritual-checkin';
  for (const [i, ref] of delivery.refs.entries()) {
    await recordPrompt(
      store,
      {
        pairId: delivery.pairId,
        ref,
        title: delivery.titles?.[i] ?? ref,
        ownerId: shared ? 'both' : delivery.recipientId,
        occurrenceAt: delivery.aboutAt ?? delivery.occurrenceAt,
        status,
      },
      delivery.recipientId,
      now,
    );
  }
  return true;
}

/**
 * Sends one queued delivery. Safe to call any number of times for the same delivery, and
 * after a crash at any step: each channel is skipped once recorded as sent, channels are
 * idempotent by message id, and the final status is set with a conditional write.
 * Throws on a passing failure so that the queue retries.
 */
export async function sendDelivery(deps: SendDeps, ref: DeliveryRef, now: number): Promise<SendOutcome> {
  let delivery = await getDelivery(deps.store, ref);
  if (!delivery) return 'missing';
  if (delivery.kind === 'summary' && delivery.body === '' && delivery.status === 'planned') {
    await writeSummary(deps.store, delivery);
    delivery = (await getDelivery(deps.store, ref))!;
  }
  if (needsPracticeContent(delivery)) {
    await writePracticeContent(deps, delivery);
    delivery = (await getDelivery(deps.store, ref))!;
  }
  if (delivery.status !== 'planned') return 'already-finished';
  if (delivery.fireAt > now) return 'not-due'; // held for quiet hours: the due index brings it back
  // Consent, opt-out and pause are read fresh at send time: STOP is honoured at once.
  const partner = await getPartner(deps.store, delivery.pairId, delivery.recipientId);
  const blocked = (await alreadyDone(deps.store, delivery))
    ? { outcome: 'suppressed' as const, reason: 'the other partner already logged it as done' }
    : why(delivery, partner, now);
  if (blocked) {
    if (blocked.outcome === 'paused' || blocked.outcome === 'expired')
      await recordCheckIns(deps.store, delivery, blocked.outcome, now);
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
  if (await recordCheckIns(deps.store, delivery, 'open', now)) {
    await setNumbering(
      deps.store,
      partner!,
      delivery.refs.map((ref) => checkInSk(delivery.aboutAt ?? delivery.occurrenceAt, ref)),
      now,
    );
  }
  const queue = reachableChannels(partner!, delivery.onlyChannels).filter((channel) => !delivery.sent[channel]);
  let unmarked: ChannelName | undefined; // the last channel done, marked with the final status to save a write
  let fellBack = Boolean(delivery.sent.email) || queue.includes('email');
  while (queue.length > 0) {
    const channel = queue.shift()!;
    if (unmarked) await markChannelSent(deps.store, ref, unmarked, now);
    const message = messageFor(delivery, partner!, channel, deps.links);
    try {
      const result = await deliverOnce(deps, delivery, message, now);
      await logMessage(deps.store, {
        ...message,
        sentAt: new Date(now).toISOString(),
        transport: deps.channels[channel].transport,
        providerId: result.providerId,
      });
      deps.logger.info('message sent', {
        kind: message.kind,
        channel,
        to: maskAddress(message.to),
        duplicate: result.duplicate,
      });
    } catch (error) {
      if (!(error instanceof PermanentChannelError)) throw error;
      deps.logger.warn('channel refused message permanently', {
        kind: message.kind,
        channel,
        to: maskAddress(message.to),
        code: error.code,
      });
      await applyPermanentFailure(deps.store, partner!, channel, error.code, now);
      // Once, with the same content: a text that cannot go out goes by email when there is one.
      if (channel === 'sms' && !fellBack && canEmail(partner!)) {
        fellBack = true;
        queue.push('email');
      }
    }
    unmarked = channel;
  }
  const finished = await finishDelivery(deps.store, ref, 'sent', now, { sentChannel: unmarked });
  if (finished) deps.recordLateness?.(now - delivery.fireAt);
  return finished ? 'sent' : 'already-finished';
}

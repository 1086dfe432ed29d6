import type { ChannelName, OutboundMessage } from '../model/message.ts';
import type { PartnerRecord } from '../model/partner-state.ts';
import { toGsm7 } from '../messages/gsm7.ts';
import { checkInEmail } from '../messages/checkin-email.ts';
import { escapeHtml } from '../messages/email-html.ts';
import { joinToken, joinUrl } from '../links/join-link.ts';
import type { Delivery } from '../store/delivery-repository.ts';
import { checkInSk } from '../store/keys.ts';
import { messageIdFor } from './message-id.ts';
import type { MessageKind } from '../model/message.ts';
import { supporterConfirmEmail, supporterRequestEmail } from '../supporters/supporter-emails.ts';

/** Kinds that ask the recipient whether promises were kept (and open check-ins). */
export const CHECKIN_KINDS: ReadonlySet<string> = new Set(['checkin', 'ritual-checkin']);

/** For one-click answer links in check-in emails. */
export interface LinkSettings {
  secret: string;
  publicUrl: string;
}

/** Emails whose signed links are made when they go out, per kind (from the delivery alone). */
const LINKED_EMAILS: Partial<
  Record<
    MessageKind,
    (delivery: Delivery, partner: PartnerRecord, links: LinkSettings) => { body: string; subject: string }
  >
> = {
  'supporter-request': supporterRequestEmail,
  'supporter-confirm': supporterConfirmEmail,
};

/**
 * The message one delivery makes on one channel. The same delivery always makes the same
 * message (links are made from the delivery's own time), so a retry sends exactly what the
 * first attempt did and a provider lookup can match it.
 */
export function messageFor(
  delivery: Delivery,
  partner: PartnerRecord,
  channel: ChannelName,
  links?: LinkSettings,
): OutboundMessage {
  const smsBody = delivery.smsBody ?? delivery.body;
  const linked = channel === 'email' && links ? LINKED_EMAILS[delivery.kind] : undefined;
  if (linked) return { ...baseMessage(delivery, partner, channel), ...linked(delivery, partner, links!) };
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
    id: messageIdFor(delivery, channel),
    pairId: delivery.pairId,
    recipientId: delivery.recipientId,
    channel,
    to: channel === 'sms' ? partner.phone! : partner.email!,
    kind: delivery.kind,
    dueAt: delivery.fireAt,
  };
}

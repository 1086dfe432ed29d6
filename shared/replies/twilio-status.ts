import { planEventMessage } from '../delivery/plan-message.ts';
import { applyPermanentFailure } from '../delivery/permanent-failure.ts';
import type { DeliveryQueue } from '../delivery/queue.ts';
import { refFromMessageId } from '../delivery/message-id.ts';
import { getDelivery } from '../store/delivery-repository.ts';
import { getPartner } from '../store/partner-repository.ts';
import { updateMessageStatus } from '../store/message-repository.ts';
import type { Store } from '../store/store.ts';
import type { Logger } from '../util/logger.ts';

export interface TwilioStatusReport {
  MessageSid: string;
  MessageStatus: string;
  ErrorCode?: string;
}

/** 30036: the validity period ran out; the reminder was stale anyway, so it is not re-sent by email. */
const NO_FALLBACK_CODES = new Set(['30036']);

/**
 * A Twilio status callback: updates the message log, and for an undelivered or failed text
 * applies the same rules as a refusal at send time (opted out, invalid number) and falls
 * back to email once, with the same content.
 */
export async function handleTwilioStatus(
  deps: { store: Store; queue: DeliveryQueue; logger: Logger },
  report: TwilioStatusReport,
  now: number,
): Promise<string> {
  const status = report.MessageStatus.toLowerCase();
  const message = await updateMessageStatus(deps.store, report.MessageSid, status, report.ErrorCode, now);
  if (!message) {
    deps.logger.info('status for a message Kept did not send; ignored', { sid: report.MessageSid });
    return 'unknown-message';
  }
  if (status !== 'failed' && status !== 'undelivered') return 'updated';
  const partner = await getPartner(deps.store, message.pairId, message.recipientId);
  if (!partner) return 'updated';
  if (report.ErrorCode) await applyPermanentFailure(deps.store, partner, 'sms', report.ErrorCode, now);
  if (
    message.channel !== 'sms' ||
    !partner.email ||
    partner.emailUndeliverable ||
    partner.emailUnsubscribed ||
    NO_FALLBACK_CODES.has(report.ErrorCode ?? '')
  ) {
    return 'updated';
  }
  // The same message, in full: a check-in comes again as the check-in email, with its titles
  // and one-click buttons, made from the delivery the text was for.
  const ref = refFromMessageId(message.id);
  const original = ref ? await getDelivery(deps.store, ref) : null;
  await planEventMessage(
    deps,
    {
      pairId: message.pairId,
      recipient: partner,
      kind: message.kind,
      eventKey: `fallback:${report.MessageSid}`,
      eventAt: message.dueAt,
      body: original?.body ?? message.body,
      subject: original?.subject ?? message.subject ?? 'Kept',
      respectQuietHours: false,
      onlyChannels: ['email'],
      ...(original
        ? {
            refs: original.refs,
            ...(original.titles ? { titles: original.titles } : {}),
            aboutAt: original.aboutAt ?? original.occurrenceAt,
          }
        : {}),
    },
    now,
  );
  return 'fell-back-to-email';
}

import * as z from 'zod';
import { setOptOut } from '../consent/opt-out.ts';
import { messageIdFromTag, refFromMessageId } from '../delivery/message-id.ts';
import { recordEmailEvent } from '../store/delivery-repository.ts';
import { countSoftBounce, findPartnersByEmail, stopEmail } from '../store/partner-repository.ts';
import type { Store } from '../store/store.ts';
import type { Logger } from '../util/logger.ts';
import { maskEmail } from '../util/privacy.ts';

const Recipients = z.array(z.object({ emailAddress: z.string() }).passthrough()).default([]);

/** The parts of an SES event notification (bounce, complaint) Kept acts on. */
const SesNotificationSchema = z
  .object({
    notificationType: z.string().optional(),
    eventType: z.string().optional(),
    bounce: z.object({ bounceType: z.string(), bouncedRecipients: Recipients }).passthrough().optional(),
    complaint: z.object({ complainedRecipients: Recipients }).passthrough().optional(),
    mail: z
      .object({ messageId: z.string(), tags: z.record(z.string(), z.array(z.string())).optional() })
      .passthrough()
      .optional(),
  })
  .passthrough();

export type SesOutcome = {
  outcome: 'hard-bounce' | 'complaint' | 'soft-bounce' | 'sent-confirmed' | 'ignored';
  addresses: number;
};

/**
 * Handles one SES notification (the SNS message body): a hard bounce or a complaint stops
 * email to that address; a soft bounce is counted, not fatal. Malformed input is ignored
 * (and logged), never thrown, so SNS does not retry it for ever.
 */
export async function handleSesNotification(
  deps: { store: Store; logger: Logger },
  message: string,
  now: number,
): Promise<SesOutcome> {
  let data: unknown;
  try {
    data = JSON.parse(message);
  } catch {
    deps.logger.warn('SES notification is not JSON; ignored');
    return { outcome: 'ignored', addresses: 0 };
  }
  const parsed = SesNotificationSchema.safeParse(data);
  if (!parsed.success) {
    deps.logger.warn('SES notification has an unexpected shape; ignored');
    return { outcome: 'ignored', addresses: 0 };
  }
  const type = parsed.data.notificationType ?? parsed.data.eventType;
  const event = (words: string) => ({
    at: new Date(now).toISOString(),
    status: 'confirmed' as const,
    source: 'email-link' as const,
    words,
  });
  if ((type === 'Send' || type === 'Delivery') && parsed.data.mail) {
    // SES took the email: recorded on its delivery (found by the tag every send carries), so a
    // sender that lost SES's answer does not send it again.
    const tag = parsed.data.mail.tags?.delivery?.[0];
    const ref = tag ? refFromMessageId(messageIdFromTag(tag)) : null;
    if (ref?.channel !== 'email') return { outcome: 'ignored', addresses: 0 };
    const recorded = await recordEmailEvent(
      deps.store,
      { pairId: ref.pairId, deliveryKey: ref.deliveryKey },
      { type, messageId: parsed.data.mail.messageId, at: now },
    );
    return { outcome: recorded ? 'sent-confirmed' : 'ignored', addresses: 0 };
  }
  if (type === 'Bounce' && parsed.data.bounce) {
    const hard = parsed.data.bounce.bounceType === 'Permanent';
    let count = 0;
    for (const { emailAddress } of parsed.data.bounce.bouncedRecipients) {
      for (const partner of await findPartnersByEmail(deps.store, emailAddress)) {
        if (hard)
          await stopEmail(deps.store, partner, 'emailUndeliverable', {
            ...event('SES hard bounce'),
            status: partner.consent,
          });
        else await countSoftBounce(deps.store, partner);
        count++;
      }
      deps.logger.info(hard ? 'hard bounce: email stopped' : 'soft bounce counted', { to: maskEmail(emailAddress) });
    }
    return { outcome: hard ? 'hard-bounce' : 'soft-bounce', addresses: count };
  }
  if (type === 'Complaint' && parsed.data.complaint) {
    let count = 0;
    for (const { emailAddress } of parsed.data.complaint.complainedRecipients) {
      // Marking a message as spam is the plainest "no more": the address (and its mailbox) is
      // unsubscribed as by the unsubscribe link, for every pair and any supporter role, and it
      // is never invited again; stopping only the partners it belongs to today left a supporter
      // at that address mailed, and let a new pair invite it.
      count += (await findPartnersByEmail(deps.store, emailAddress)).length;
      await setOptOut(deps.store, emailAddress, true, event('SES complaint'));
      deps.logger.info('complaint: address unsubscribed', { to: maskEmail(emailAddress) });
    }
    return { outcome: 'complaint', addresses: count };
  }
  return { outcome: 'ignored', addresses: 0 };
}

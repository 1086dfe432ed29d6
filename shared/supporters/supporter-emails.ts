import {
  supporterAgreeToken,
  supporterAgreeUrl,
  supporterConfirmToken,
  supporterConfirmUrl,
} from '../links/supporter-link.ts';
import { supporterTexts } from '../messages/supporter-texts.ts';
import type { PartnerRecord } from '../model/partner-state.ts';
import type { Delivery } from '../store/delivery-repository.ts';
import { REQUEST_VALID_MS } from './agreement.ts';
import { supporterIdOf } from './supporter-recipient.ts';

type Links = { secret: string; publicUrl: string };

/**
 * A partner's `supporter-request` by email, with a signed link to agree or decline. Made from the
 * delivery alone (refs = [supporter id, request id], titles = [name, address], its instant the request's),
 * so a retry sends the very same message; the link works as long as the request waits.
 */
export function supporterRequestEmail(delivery: Delivery, partner: PartnerRecord, links: Links) {
  const [supporterId, requestId] = delivery.refs;
  const url = supporterAgreeUrl(
    links.publicUrl,
    supporterAgreeToken(links.secret, {
      pairId: delivery.pairId,
      partnerId: partner.partnerId,
      supporterId: supporterId!,
      requestId: requestId!,
      expiresAt: delivery.occurrenceAt + REQUEST_VALID_MS,
    }),
  );
  const [name, email] = delivery.titles ?? [];
  return { body: supporterTexts.requestEmail(name ?? supporterId!, email ?? '', url), subject: delivery.subject };
}

/** The supporter's `supporter-confirm`: refs = [request id], titles = [the partners' names]; its instant is when both agreed. */
export function supporterConfirmEmail(delivery: Delivery, supporter: PartnerRecord, links: Links) {
  const url = supporterConfirmUrl(
    links.publicUrl,
    supporterConfirmToken(links.secret, {
      pairId: delivery.pairId,
      supporterId: supporterIdOf(delivery.recipientId)!,
      requestId: delivery.refs[0]!,
      expiresAt: delivery.occurrenceAt + REQUEST_VALID_MS,
    }),
  );
  return {
    body: supporterTexts.confirmEmail({ supporterName: supporter.name, names: delivery.titles?.[0] ?? '', url }),
    subject: delivery.subject,
  };
}

import { isOptedOut } from '../consent/opt-out.ts';
import { hasTag } from '../model/email-address.ts';
import type { MessageKind } from '../model/message.ts';
import type { PartnerRecord } from '../model/partner-state.ts';
import type { Delivery } from '../store/delivery-repository.ts';
import { getPartner } from '../store/partner-repository.ts';
import type { Store } from '../store/store.ts';
import { supporterRecipient } from '../supporters/supporter-recipient.ts';

/**
 * What the sender knows about itself. `planConsentHonoured`: every message stays on this machine
 * (the local outbox), so a plan file's `consent: confirmed` may stand for consent.
 */
export interface SendingContext {
  planConsentHonoured: boolean;
}

/** Who a message goes to, read fresh at send time; null: nobody any more (it is suppressed). */
export type RecipientResolver = (
  store: Store,
  delivery: Delivery,
  context: SendingContext,
) => Promise<PartnerRecord | null>;

const supporter: RecipientResolver = (store, delivery, context) =>
  supporterRecipient(store, delivery.pairId, delivery.recipientId, context);

/** Kinds sent to someone other than a partner. Every other kind goes to a partner of the pair. */
const RESOLVERS: Partial<Record<MessageKind, RecipientResolver>> = {
  'supporter-summary': supporter,
  'supporter-confirm': supporter,
};

/**
 * The recipient of a delivery, with consent, opt-out and pause as they are now. `named` is the
 * partner already read with the delivery (undefined: not read), used for partners' kinds only.
 */
export async function resolveRecipient(
  store: Store,
  delivery: Delivery,
  named: PartnerRecord | null | undefined,
  context: SendingContext,
): Promise<PartnerRecord | null> {
  const resolver = RESOLVERS[delivery.kind];
  if (resolver) return resolver(store, delivery, context);
  const partner = named !== undefined ? named : await getPartner(store, delivery.pairId, delivery.recipientId);
  return partner ? withMailboxOptOut(store, partner) : null;
}

/**
 * A partner at a +tag address (sam+kept@) is unsubscribed when their mailbox is, under any
 * spelling: the same inbox, and no index finds tagged records from an unsubscribe of sam@.
 * One read, for tagged addresses only.
 */
async function withMailboxOptOut(store: Store, partner: PartnerRecord): Promise<PartnerRecord> {
  if (!partner.email || partner.emailUnsubscribed || !hasTag(partner.email)) return partner;
  return (await isOptedOut(store, partner.email)) ? { ...partner, emailUnsubscribed: true } : partner;
}

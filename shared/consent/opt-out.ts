import { hasTag, mailboxOf } from '../model/email-address.ts';
import type { ConsentEvent } from '../model/partner-state.ts';
import { isOptedOut, putOptOut } from '../store/consent-repository.ts';
import { findPartnersByEmail, findPartnersByPhone, setSmsOptOut, stopEmail } from '../store/partner-repository.ts';
import type { Store } from '../store/store.ts';

/**
 * STOP and START, and the unsubscribe link: an opt-out belongs to the number or address, not to
 * one pair. It is recorded once for the number (so a pair created later inherits it) and set on
 * every partner record that uses it (so every pair's sender sees it at once).
 */
export async function setOptOut(store: Store, identity: string, optedOut: boolean, event: ConsentEvent): Promise<void> {
  await putOptOut(store, identity, optedOut, { at: event.at, words: event.words ?? event.source });
  if (identity.includes('@')) {
    if (!optedOut) return; // email comes back only by a new consent, never by a reply
    // Its mailbox too (sam@ for sam+kept@): the same inbox. Other +tags of it have no index to
    // find them by: the sender reads the mailbox's opt-out for those (resolveRecipient).
    const spellings = hasTag(identity) ? [identity, mailboxOf(identity)] : [identity];
    for (const spelling of spellings)
      for (const partner of await findPartnersByEmail(store, spelling))
        if (!partner.emailUnsubscribed)
          await stopEmail(store, partner, 'emailUnsubscribed', { ...event, status: partner.consent });
    return;
  }
  for (const partner of await findPartnersByPhone(store, identity))
    await setSmsOptOut(store, partner, optedOut, { ...event, status: partner.consent });
}

export { isOptedOut };

import type { PartnerRecord } from '../model/partner-state.ts';
import { deletePairItems, isPartnersOwn, putConsentRecord } from '../store/account-repository.ts';
import { eraseConversationAnswers } from '../store/conversation-repository.ts';
import { SK_PREFIX } from '../store/keys.ts';
import type { Store } from '../store/store.ts';
import { leavePair } from './leave-pair.ts';

/** Consent evidence outlives an erased account: kept 4 years (the limitation period for TCPA claims), then dropped by TTL. */
export const CONSENT_RECORD_YEARS = 4;

/**
 * Erases a person: they leave their pair, and their deliveries, messages, texts received,
 * check-ins, pulse answers and conversation answers go. Their consent history stays, under a hash of their
 * number or address, only as long as the law asks (and their opt-out stays with the number).
 */
export async function eraseAccount(store: Store, identity: string, partner: PartnerRecord, now: number): Promise<void> {
  const { pairId, partnerId, consentLog } = partner;
  await leavePair(store, partner, now);
  await deletePairItems(
    store,
    pairId,
    [SK_PREFIX.delivery, SK_PREFIX.message, SK_PREFIX.inbound, SK_PREFIX.checkIn, SK_PREFIX.pulse],
    (item) => isPartnersOwn(item, partnerId),
  );
  // Their answers to conversation prompts (the prompts stay for the other partner's own answers).
  await eraseConversationAnswers(store, pairId, partnerId);
  await putConsentRecord(store, identity, consentLog ?? [], now, CONSENT_RECORD_YEARS);
}

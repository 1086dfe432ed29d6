import { identitiesOf, releaseIdentity } from '../consent/identity-claims.ts';
import type { PartnerRecord } from '../model/partner-state.ts';
import { activateSchedulesFor } from '../plan/activate-schedules.ts';
import { answerConsent } from '../store/partner-repository.ts';
import type { Store } from '../store/store.ts';

/**
 * An invitee who signed in with a code sent to their own number says yes: that is their
 * consent, recorded with its source, and their schedules start (as a YES by text does).
 */
export async function acceptInvitation(store: Store, partner: PartnerRecord, now: number): Promise<void> {
  await answerConsent(store, partner, {
    at: new Date(now).toISOString(),
    status: 'confirmed',
    source: 'api',
    words: 'Accepted in the dashboard, signed in with a code sent to this number or address',
  });
  await activateSchedulesFor(store, partner.pairId, partner.partnerId, now);
}

/** An invitee says no: nothing is sent to them, and their number is free of that pair. */
export async function declineInvitation(store: Store, partner: PartnerRecord, now: number): Promise<void> {
  await answerConsent(store, partner, {
    at: new Date(now).toISOString(),
    status: 'declined',
    source: 'api',
    words: 'Declined in the dashboard',
  });
  for (const identity of identitiesOf(partner)) await releaseIdentity(store, identity, partner);
}

import { comparableAddress } from '../model/email-address.ts';
import { mayAskForConsent } from '../consent/consent-requests.ts';
import { identitiesOf, type WantedIdentity } from '../consent/identity-claims.ts';
import type { ConsentStatus, PartnerRecord } from '../model/partner-state.ts';
import type { Plan } from '../model/plan.ts';
import type { Store } from '../store/store.ts';
import type { ApplyOptions } from './apply-plan.ts';

/** The numbers and addresses a plan gives its partners that they do not have yet (new partners, changed ones). */
export function newIdentities(plan: Plan, stored: Map<string, PartnerRecord>): WantedIdentity[] {
  return plan.partners.flatMap((partner, index) => {
    const had = new Set(stored.has(partner.id) ? identitiesOf(stored.get(partner.id)!) : []);
    return identitiesOf(partner)
      .filter((identity) => !had.has(identity))
      .map((identity) => ({
        identity,
        pairId: plan.pair.id,
        partnerId: partner.id,
        path: `partners[${index}].${identity.includes('@') ? 'email' : 'phone'}`,
      }));
  });
}

/**
 * A new partner as stored: consent as the plan says only when the plan may say it (see
 * ApplyOptions), and the opt-outs their numbers and addresses already carry from any pair
 * (`optedOut`, from claimIdentities).
 */
export function newPartnerRecord(
  profile: Omit<PartnerRecord, 'consent' | 'consentLog'>,
  planned: ConsentStatus,
  now: number,
  options: ApplyOptions,
  optedOut: Set<string>,
): PartnerRecord {
  const overruled = planned === 'confirmed' && options.planConsent === 'ask';
  const consent: ConsentStatus = overruled ? 'pending' : planned;
  const smsOptedOut = profile.phone ? optedOut.has(profile.phone) : false;
  const emailUnsubscribed = profile.email ? optedOut.has(comparableAddress(profile.email)) : false;
  return {
    ...profile,
    consent,
    consentLog: [
      {
        at: new Date(now).toISOString(),
        status: consent,
        source: 'plan',
        ...(overruled ? { words: 'plan said confirmed; with a real provider only the person can consent' } : {}),
      },
    ],
    ...(smsOptedOut ? { smsOptedOut } : {}),
    ...(emailUnsubscribed ? { emailUnsubscribed } : {}),
  };
}

/** Whether this partner may be sent a consent request now (see mayAskForConsent). */
export async function mayAskRecipient(store: Store, plan: Plan, partnerId: string, now: number): Promise<boolean> {
  const partner = plan.partners.find((p) => p.id === partnerId);
  const identity = partner ? identitiesOf(partner)[0] : undefined;
  return identity === undefined ? false : mayAskForConsent(store, identity, now);
}

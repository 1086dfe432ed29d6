import { sameAddress } from '../model/email-address.ts';
import type { PartnerRecord } from '../model/partner-state.ts';
import { isOptedOut } from '../store/consent-repository.ts';
import { listDefinitions } from '../store/pair-repository.ts';
import { listPartners } from '../store/partner-repository.ts';
import type { Store } from '../store/store.ts';
import { getAgreement } from '../store/supporter-repository.ts';

const PREFIX = 'supporter:';

/** A supporter's recipient id: the ":" keeps it apart from every partner id (ids never hold one). */
export const supporterRecipientId = (supporterId: string) => `${PREFIX}${supporterId}`;
export const isSupporterRecipient = (recipientId: string) => recipientId.startsWith(PREFIX);
export const supporterIdOf = (recipientId: string) =>
  isSupporterRecipient(recipientId) ? recipientId.slice(PREFIX.length) : null;

/**
 * The supporter as a recipient of the send path: email only, with the consent their agreement
 * gives ('pending' while the partners have agreed and the supporter is asked, 'confirmed' once
 * they confirmed). Read fresh at send time: a supporter removed, declined, not yet agreed to by
 * both, or at another address than the partners agreed to is nobody's recipient (null). So is
 * one confirmed only by the plan file once a real provider is configured: that was never consent.
 */
export async function supporterRecipient(
  store: Store,
  pairId: string,
  recipientId: string,
  context: { planConsentHonoured: boolean },
): Promise<PartnerRecord | null> {
  const id = supporterIdOf(recipientId);
  if (!id) return null;
  const [definitions, agreement] = await Promise.all([listDefinitions(store, pairId), getAgreement(store, pairId, id)]);
  const supporter = definitions.find((d) => d.type === 'supporter' && d.id === id)?.data;
  if (!supporter || !agreement) return null;
  const email = String(supporter.email);
  if (!sameAddress(agreement.email, email)) return null;
  if (agreement.status !== 'confirmed' && agreement.status !== 'agreed') return null;
  if (agreement.confirmedBy === 'plan' && !context.planConsentHonoured) return null;
  const partners = await listPartners(store, pairId);
  return {
    pairId,
    partnerId: recipientId,
    name: String(supporter.name),
    email,
    // The unsubscribe link in every email works for a supporter too: it is kept with the address.
    emailUnsubscribed: await isOptedOut(store, email),
    timezone: partners[0]?.timezone ?? 'UTC',
    channel: 'email',
    consent: agreement.status === 'confirmed' ? 'confirmed' : 'pending',
    consentLog: [],
    profileHash: '',
  };
}

/**
 * A supporter's address whatever stands of their agreement (removed by SUPPORTER OFF, asked
 * again, waiting): their unsubscribe link must work even when they are nobody's recipient any
 * more, or a later invitation would mail someone who clicked "stop". Null once nothing of them is kept.
 */
export async function supporterAddress(store: Store, pairId: string, recipientId: string): Promise<string | null> {
  const id = supporterIdOf(recipientId);
  if (!id) return null;
  const agreement = await getAgreement(store, pairId, id);
  if (agreement?.email) return agreement.email;
  const supporter = (await listDefinitions(store, pairId)).find((d) => d.type === 'supporter' && d.id === id)?.data;
  return supporter ? String(supporter.email) : null;
}

import { isOutboxOnly } from '../channels/outbox-channel.ts';
import { findPartnersByEmail, findPartnersByPhone } from '../store/partner-repository.ts';
import type { ApiDeps } from './api-context.ts';

/**
 * Whether a sign-in code may go to this number or address: one Kept knows (a partner of some
 * pair) that has not stopped that channel. Anyone may sign in while messages stay local.
 */
export async function mayReceiveSignInCode(deps: Pick<ApiDeps, 'store' | 'channels'>, identity: string) {
  if (isOutboxOnly(deps.channels)) return true;
  if (identity.includes('@')) {
    const partners = await findPartnersByEmail(deps.store, identity);
    return partners.length > 0 && partners.every((p) => !p.emailUnsubscribed && !p.emailUndeliverable);
  }
  const partners = await findPartnersByPhone(deps.store, identity);
  return partners.length > 0 && partners.every((p) => !p.smsOptedOut && !p.smsInvalid);
}

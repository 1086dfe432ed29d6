import { isOutboxOnly } from '../channels/outbox-channel.ts';
import { isOptedOut } from '../consent/opt-out.ts';
import { hasTag } from '../model/email-address.ts';
import { findPartnersByEmail, findPartnersByPhone } from '../store/partner-repository.ts';
import type { ApiDeps } from './api-context.ts';

/**
 * Whether a sign-in code may go to this number or address: one Kept knows (a partner of some
 * pair) that has not stopped that channel (an address: under any +tag spelling of its mailbox). Anyone may sign in while messages stay local.
 */
export async function mayReceiveSignInCode(deps: Pick<ApiDeps, 'store' | 'channels'>, identity: string) {
  if (isOutboxOnly(deps.channels)) return true;
  if (identity.includes('@')) {
    const partners = await findPartnersByEmail(deps.store, identity);
    if (partners.length === 0 || partners.some((p) => p.emailUnsubscribed || p.emailUndeliverable)) return false;
    // A +tag spelling: its mailbox may have unsubscribed under another spelling (no flag on these records).
    return !(hasTag(identity) && (await isOptedOut(deps.store, identity)));
  }
  const partners = await findPartnersByPhone(deps.store, identity);
  return partners.length > 0 && partners.every((p) => !p.smsOptedOut && !p.smsInvalid);
}

import { takeConsentRequest } from '../store/consent-repository.ts';
import type { Store } from '../store/store.ts';
import { DAY_MS } from '../util/time.ts';

/** A number or address is asked for consent at most once in this long. */
export const CONSENT_REQUEST_WINDOW_MS = 30 * DAY_MS;

/**
 * Takes the right to ask this number or address for consent now: never after it said STOP (or
 * unsubscribed), and at most once per 30 days whoever asks, so create-and-leave loops cannot
 * flood someone with invitations.
 */
export async function mayAskForConsent(store: Store, identity: string, now: number): Promise<boolean> {
  return takeConsentRequest(store, identity, now, CONSENT_REQUEST_WINDOW_MS);
}

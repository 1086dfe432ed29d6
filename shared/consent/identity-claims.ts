import { comparableAddress, sameAddress } from '../model/email-address.ts';
import type { PartnerRecord } from '../model/partner-state.ts';
import { deleteIdentityClaim, putIdentityClaim, type IdentityClaim } from '../store/consent-repository.ts';
import { findPartnersByEmail, findPartnersByPhone, getPartner } from '../store/partner-repository.ts';
import type { Store } from '../store/store.ts';

/** A number or address already belongs to a partner of another active pair. */
export class IdentityTakenError extends Error {
  /** Where in the plan the number or address is, e.g. "partners[1].phone". */
  readonly path: string;
  constructor(path: string, options?: { cause?: unknown }) {
    super(`${path}: this number or address already belongs to another pair`, options);
    this.name = 'IdentityTakenError';
    this.path = path;
  }
}

export interface WantedIdentity extends IdentityClaim {
  identity: string;
  /** Where it is in the plan, for the error. */
  path: string;
}

const holds = (partner: PartnerRecord | null, identity: string) =>
  partner !== null &&
  partner.consent !== 'declined' &&
  (partner.phone === identity || (partner.email !== undefined && sameAddress(partner.email, identity)));

const findByIdentity = (store: Store, identity: string) =>
  identity.includes('@') ? findPartnersByEmail(store, identity) : findPartnersByPhone(store, identity);

/**
 * Claims each number or address for its partner. A number belongs to at most one active pair:
 * if a partner of another pair holds it (and has not declined), nothing is claimed and
 * IdentityTakenError names it. Returns which of them have opted out (STOP, unsubscribe) in any
 * pair. Claims are conditional writes, so two pairs racing for one
 * number cannot both win; a claim left by a partner who is gone is taken over.
 */
export async function claimIdentities(store: Store, wanted: WantedIdentity[]): Promise<{ optedOut: Set<string> }> {
  const made: WantedIdentity[] = [];
  const optedOut = new Set<string>();
  const refuse = async (want: WantedIdentity): Promise<never> => {
    for (const claim of made) await deleteIdentityClaim(store, claim.identity, claim);
    throw new IdentityTakenError(want.path);
  };
  for (const want of wanted) {
    const claim = { pairId: want.pairId, partnerId: want.partnerId };
    // Partners stored before claims existed are found through the index.
    const others = (await findByIdentity(store, want.identity)).filter(
      (p) => p.pairId !== want.pairId && holds(p, want.identity),
    );
    if (others.length > 0) await refuse(want);
    let outcome = await putIdentityClaim(store, want.identity, claim);
    if (outcome.blocker) {
      const { blocker } = outcome;
      const holder = await getPartner(store, blocker.pairId, blocker.partnerId);
      if (blocker.pairId !== want.pairId && holds(holder, want.identity)) await refuse(want);
      outcome = await putIdentityClaim(store, want.identity, claim, blocker);
      if (outcome.blocker) await refuse(want);
    }
    if (!outcome.blocker && outcome.optedOut) optedOut.add(want.identity);
    made.push(want);
  }
  return { optedOut };
}

/** Gives a number or address back (the partner left, changed it, declined or was erased). */
export async function releaseIdentity(store: Store, identity: string, claim: IdentityClaim): Promise<void> {
  await deleteIdentityClaim(store, identity, claim);
}

/** The numbers and addresses a partner uses. */
export const identitiesOf = (partner: { phone?: string | null; email?: string | null }) =>
  [partner.phone, partner.email ? comparableAddress(partner.email) : null].filter(
    (i): i is string => typeof i === 'string' && i.length > 0,
  );

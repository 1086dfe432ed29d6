import { randomBytes } from 'node:crypto';
import { identityOf } from '../auth/session.ts';
import { CONSENT_REQUEST_WINDOW_MS } from '../consent/consent-requests.ts';
import { IdentityTakenError } from '../consent/identity-claims.ts';
import type { PlanInput } from '../model/plan.ts';
import { validatePlan } from '../model/validate-plan.ts';
import { applyPlan } from '../plan/apply-plan.ts';
import { getIdentityRecord } from '../store/consent-repository.ts';
import { getPartner } from '../store/partner-repository.ts';
import type { Store } from '../store/store.ts';

/** A pair id no one can guess or hit by chance: a readable slug and 96 random bits. */
function newPairId(name: string): string {
  const slug = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 30);
  return `${slug || 'pair'}-${randomBytes(12).toString('hex')}`;
}

export interface NewPairInput {
  name: unknown;
  timezone: unknown;
  pairName: unknown;
  invite: Record<string, unknown>;
}

export type CreatePairOutcome =
  | { created: { pairId: string; pairName: string; invitedName: string } }
  | { problems: string[] }
  /** Said the same whatever the reason (in another pair, said STOP, asked lately): nothing was created. */
  | { notSent: true };

/**
 * A signed-in person creates a pair and invites their partner, who is asked for consent.
 * The invitation is not sent, and nothing is created, when the invitee's number belongs to
 * another active pair, has said STOP, or was asked within 30 days.
 */
export async function createPair(
  store: Store,
  identity: string,
  input: NewPairInput,
  now: number,
): Promise<CreatePairOutcome> {
  const byEmail = identity.includes('@');
  const pairName = String(input.pairName ?? '');
  const plan: PlanInput = {
    pair: { id: newPairId(pairName), name: pairName },
    partners: [
      {
        id: 'me',
        name: input.name as string,
        ...(byEmail ? { email: identity } : { phone: identity }),
        timezone: input.timezone as string,
        channel: byEmail ? 'email' : 'sms',
        consent: 'confirmed', // they proved this number or address is theirs with a code
      },
      {
        id: 'partner',
        name: input.invite.name as string,
        ...(input.invite.phone !== undefined ? { phone: input.invite.phone as string } : {}),
        ...(input.invite.email !== undefined ? { email: input.invite.email as string } : {}),
        timezone: (input.invite.timezone ?? input.timezone) as string,
        consent: 'pending',
      },
    ],
  };
  const validation = validatePlan(plan);
  if (!validation.ok) return { problems: validation.problems };
  const invitee = identityOf(
    input.invite.phone !== undefined ? { phone: input.invite.phone } : { email: input.invite.email },
  );
  if (!invitee || invitee === identity) return { notSent: true };
  const record = await getIdentityRecord(store, invitee);
  if (record?.optedOutAt !== undefined) return { notSent: true };
  if (record?.askedAt !== undefined && record.askedAt > now - CONSENT_REQUEST_WINDOW_MS) return { notSent: true };
  if (record?.pairId && record.partnerId) {
    const holder = await getPartner(store, record.pairId, record.partnerId);
    if (holder && holder.consent !== 'declined') return { notSent: true };
  }
  try {
    await applyPlan(store, validation.plan, now);
  } catch (error) {
    if (error instanceof IdentityTakenError) return { notSent: true };
    throw error;
  }
  return { created: { pairId: plan.pair.id, pairName, invitedName: String(input.invite.name) } };
}

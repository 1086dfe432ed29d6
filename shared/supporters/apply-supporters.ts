import { randomUUID } from 'node:crypto';
import { sameAddress } from '../model/email-address.ts';
import type { Plan, Supporter } from '../model/plan.ts';
import type { Store } from '../store/store.ts';
import {
  deleteAgreement,
  listAgreements,
  startAgreement,
  type SupporterAgreement,
} from '../store/supporter-repository.ts';
import { iso } from '../util/time.ts';
import { hasEnded, whyHeld } from './agreement.ts';
import { askPartnersWaiting } from './supporter-requests.ts';

export interface SupporterChange {
  action: 'create' | 'update' | 'delete' | 'hold';
  what: string;
}

export interface SupporterPlanning {
  /** The plan's supporters that stay (as the plan gives them): stored as definitions. */
  kept: Supporter[];
  /** The same, with the consent their agreement gives (confirmed only once it is): for schedules. */
  effective: Supporter[];
  /** A supporter the plan lists but a partner removed or declined, or whose request ran out. */
  held: SupporterChange[];
  /**
   * After the definitions and schedules are written: starts each new request and asks the
   * partners, and drops the agreement of a supporter the plan no longer lists (its definition
   * and schedule are removed by apply, so their emails stop).
   */
  write: () => Promise<SupporterChange[]>;
}

/**
 * An agreement stands for the partners who gave it: once both said yes, a partner who was not
 * asked (someone new in the pair) voids it, and the request starts again. The local outbox's
 * plan shortcut stands only while nothing can reach anyone: once apply is told a real provider
 * is configured it was nobody's consent, and the current partners are asked. (An API edit says
 * neither: it leaves it as it is, and the sender emails nobody it confirmed unless messages stay local.)
 */
const givenByThesePartners = (agreement: SupporterAgreement, plan: Plan, providerConfigured: boolean) =>
  agreement.status === 'asking' ||
  (agreement.confirmedBy === 'plan'
    ? !providerConfigured
    : plan.partners.every((p) => agreement.answers[p.id]?.agree === true));

/**
 * How a plan's supporters are applied. Only the agreement makes a supporter confirmed: both
 * partners say yes, then the supporter confirms. `honour` (the local outbox, where nobody can be
 * reached) takes the plan's `"consent": "confirmed"` for a supporter added now, as for partners;
 * it never overrules a request already under way. A removal or a no is kept: listing the same id
 * again is held, with how to invite them again (a new id).
 */
export async function planSupporters(
  store: Store,
  plan: Plan,
  options: { honour: boolean; providerConfigured: boolean },
  now: number,
): Promise<SupporterPlanning> {
  const pairId = plan.pair.id;
  const stored = new Map((await listAgreements(store, pairId)).map((a) => [a.supporterId, a]));
  const kept: Supporter[] = [];
  const effective: Supporter[] = [];
  const held: SupporterChange[] = [];
  const starts: Array<{ agreement: SupporterAgreement; replacing?: string }> = [];
  for (const supporter of plan.supporters ?? []) {
    const agreement = stored.get(supporter.id);
    stored.delete(supporter.id);
    if (agreement && hasEnded(agreement, now)) {
      held.push({ action: 'hold', what: whyHeld(agreement, now) });
      continue;
    }
    kept.push(supporter);
    if (
      agreement &&
      // Only the case may differ: a +tag is another address than the one the partners were shown.
      sameAddress(agreement.email, supporter.email) &&
      givenByThesePartners(agreement, plan, options.providerConfigured)
    ) {
      effective.push({ ...supporter, consent: agreement.status === 'confirmed' ? 'confirmed' : 'pending' });
      continue;
    }
    // New, at another address than the partners agreed to, or agreed by other partners: a new request (old links stop working).
    const byPlan = options.honour && supporter.consent === 'confirmed' && !agreement;
    starts.push({
      agreement: {
        pairId,
        supporterId: supporter.id,
        name: supporter.name,
        requestId: randomUUID(),
        status: byPlan ? 'confirmed' : 'asking',
        // As given: the partners are asked about the address mail will go to.
        email: supporter.email.trim(),
        askedAt: iso(now),
        answers: {},
        ...(byPlan ? { confirmedAt: iso(now), confirmedBy: 'plan' as const } : {}),
      },
      replacing: agreement?.requestId,
    });
    effective.push({ ...supporter, consent: byPlan ? 'confirmed' : 'pending' });
  }
  // Live agreements of supporters the plan no longer lists; ended ones stay as removal records.
  const dropped = [...stored.values()].filter((a) => !hasEnded(a, now));
  const write = async () => {
    const changes: SupporterChange[] = [];
    for (const { agreement, replacing } of starts) {
      if (!(await startAgreement(store, agreement, replacing))) continue;
      changes.push({
        action: replacing ? 'update' : 'create',
        what:
          agreement.status === 'confirmed'
            ? `supporter agreement ${agreement.supporterId} (confirmed by the plan: local outbox only)`
            : `supporter request ${agreement.supporterId} (each partner is asked; then the supporter confirms by email)`,
      });
    }
    if (starts.some((s) => s.agreement.status === 'asking')) await askPartnersWaiting(store, pairId, now);
    for (const agreement of dropped) {
      await deleteAgreement(store, pairId, agreement.supporterId);
      changes.push({ action: 'delete', what: `supporter agreement ${agreement.supporterId}` });
    }
    return changes;
  };
  return { kept, effective, held, write };
}

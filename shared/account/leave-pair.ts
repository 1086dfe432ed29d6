import { identitiesOf, releaseIdentity } from '../consent/identity-claims.ts';
import type { PartnerRecord } from '../model/partner-state.ts';
import { validatePlan } from '../model/validate-plan.ts';
import { applyPlan } from '../plan/apply-plan.ts';
import { planFromStore } from '../plan/plan-from-store.ts';
import { deletePairItems, isPartnersOwn } from '../store/account-repository.ts';
import { SK_PREFIX } from '../store/keys.ts';
import { listPartners } from '../store/partner-repository.ts';
import type { Store } from '../store/store.ts';

/**
 * Removes a partner from their pair's plan (their commitments, notes and schedules go with
 * them; the other partner is not told), and their pulse answers, which were only ever theirs:
 * left behind, nobody could read them, but a partner given the same id later would see them as
 * their own. The last one out takes the pair and all its history with them, and every number
 * and address of the pair is free again.
 */
export async function leavePair(store: Store, partner: PartnerRecord, now: number): Promise<void> {
  const { pairId, partnerId: me } = partner;
  await deletePairItems(store, pairId, [SK_PREFIX.pulse], (item) => isPartnersOwn(item, me));
  const plan = (await planFromStore(store, pairId))!;
  plan.partners = plan.partners.filter((p) => p.id !== me);
  if (plan.partners.length === 0) {
    const partners = await listPartners(store, pairId);
    // Everything of the pair goes, not only its plan: left behind, its check-ins, messages and
    // conversations would belong to whoever next made a pair with the same id (a plan file
    // names its pair's id). Schedules and deliveries first, so nothing more is planned or sent.
    await deletePairItems(store, pairId, [
      SK_PREFIX.schedule,
      SK_PREFIX.delivery,
      SK_PREFIX.definition,
      SK_PREFIX.supporter,
      SK_PREFIX.checkIn,
      SK_PREFIX.conversation,
      SK_PREFIX.message,
      SK_PREFIX.inbound,
      SK_PREFIX.partner,
      SK_PREFIX.pair,
    ]);
    for (const p of partners) for (const identity of identitiesOf(p)) await releaseIdentity(store, identity, p);
    return;
  }
  plan.commitments = (plan.commitments ?? []).filter((c) => c.owner !== me);
  plan.affirmations = (plan.affirmations ?? []).filter((a) => a.from !== me && a.to !== me);
  const validation = validatePlan(plan);
  if (!validation.ok) throw new Error(`leaving produced an invalid plan: ${validation.problems.join('; ')}`);
  await applyPlan(store, validation.plan, now);
}

import { afterAll, describe, expect, it } from 'vitest';
import { resolveRecipient } from '../../shared/delivery/recipient-resolvers.ts';
import { applyPlan } from '../../shared/plan/apply-plan.ts';
import type { Delivery } from '../../shared/store/delivery-repository.ts';
import { listSchedules } from '../../shared/store/schedule-repository.ts';
import { getAgreement } from '../../shared/store/supporter-repository.ts';
import { examplePlan, validPlan } from '../helpers/plans.ts';
import { useEmbeddedStore } from '../helpers/store.ts';

const embedded = useEmbeddedStore();
afterAll(() => embedded.stop());
const NOW = Date.parse('2026-11-30T12:00:00Z');
const summaryTo = {
  pairId: 'sam-alex',
  kind: 'supporter-summary',
  recipientId: 'supporter:friend',
  refs: [],
} as unknown as Delivery;

async function confirmedByThePlan() {
  const store = await embedded.fresh();
  const plan = examplePlan();
  plan.supporters = [{ id: 'friend', name: 'Dr. Lee', email: 'lee@example.org', consent: 'confirmed' }];
  await applyPlan(store, validPlan(plan), NOW, { planConsent: 'honour' });
  return store;
}

describe("a supporter confirmed by the plan file (the local outbox's shortcut)", () => {
  it('is nobody the sender may email once a real provider is configured', async () => {
    const store = await confirmedByThePlan();
    const local = await resolveRecipient(store, summaryTo, null, { planConsentHonoured: true });
    expect(local?.consent).toBe('confirmed');
    expect(await resolveRecipient(store, summaryTo, null, { planConsentHonoured: false })).toBeNull();
  });

  it('is asked for again, of the current partners, when the plan is applied with a real provider', async () => {
    const store = await confirmedByThePlan();
    const before = (await getAgreement(store, 'sam-alex', 'friend'))!;
    expect([before.status, before.confirmedBy]).toEqual(['confirmed', 'plan']);
    const plan = examplePlan();
    plan.partners![1] = { ...plan.partners![1]!, id: 'jo', name: 'Jo', phone: '+447700900999', consent: 'pending' };
    plan.affirmations = [];
    plan.supporters = [{ id: 'friend', name: 'Dr. Lee', email: 'lee@example.org' }];
    const result = await applyPlan(store, validPlan(plan), NOW + 86_400_000, { planConsent: 'ask' });
    expect(result.changes.map((c) => c.what)).toContain(
      'supporter request friend (each partner is asked; then the supporter confirms by email)',
    );
    const after = (await getAgreement(store, 'sam-alex', 'friend'))!;
    expect([after.status, after.confirmedBy, after.answers]).toEqual(['asking', undefined, {}]);
    expect(after.requestId).not.toBe(before.requestId);
    const summary = (await listSchedules(store, 'sam-alex')).find((s) => s.kind === 'supporter-summary');
    expect(summary?.active).not.toBe(true);
    expect(await resolveRecipient(store, summaryTo, null, { planConsentHonoured: true })).toBeNull();
  });

  it('stays confirmed while the plan is applied to the local outbox again, or edited through the API', async () => {
    const store = await confirmedByThePlan();
    const plan = examplePlan();
    plan.supporters = [{ id: 'friend', name: 'Dr. Lee', email: 'lee@example.org', consent: 'confirmed' }];
    await applyPlan(store, validPlan(plan), NOW + 86_400_000, { planConsent: 'honour' });
    expect((await getAgreement(store, 'sam-alex', 'friend'))?.status).toBe('confirmed');
    // An edit through the API says neither: it leaves it as it is (the sender decides at send time).
    await applyPlan(store, validPlan(plan), NOW + 2 * 86_400_000);
    expect((await getAgreement(store, 'sam-alex', 'friend'))?.status).toBe('confirmed');
  });
});

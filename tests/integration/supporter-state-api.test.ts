import { afterAll, describe, expect, it } from 'vitest';
import { startSession } from '../../shared/auth/session.ts';
import { applyPlan } from '../../shared/plan/apply-plan.ts';
import { deleteAgreement } from '../../shared/store/supporter-repository.ts';
import { apiHarness, jsonOf } from '../helpers/api-harness.ts';
import { SAM } from '../helpers/couple.ts';
import { examplePlan, validPlan } from '../helpers/plans.ts';
import { useEmbeddedStore } from '../helpers/store.ts';

const embedded = useEmbeddedStore();
afterAll(() => embedded.stop());
const NOW = Date.parse('2026-11-23T12:00:00Z');

describe("GET /api/supporters: a supporter's state comes from the agreement only", () => {
  it('without an agreement record, a plan saying "confirmed" shows pending (the sender emails them nothing)', async () => {
    const store = await embedded.fresh();
    const plan = examplePlan();
    plan.supporters = [{ id: 'dr-lee', name: 'Dr. Lee', email: 'lee@example.org', consent: 'confirmed' }];
    await applyPlan(store, validPlan(plan), NOW, { planConsent: 'honour' });
    const api = apiHarness(store, { now: NOW });
    const sam = await startSession(store, SAM, NOW);
    const state = async () => jsonOf(await api.call('GET', '/api/supporters', sam)).supporters[0]?.state;
    expect(await state()).toBe('confirmed');
    await deleteAgreement(store, 'sam-alex', 'dr-lee'); // a definition left without its record
    expect(await state()).toBe('pending-agreement');
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { startSession } from '../../shared/auth/session.ts';
import { applyPlan } from '../../shared/plan/apply-plan.ts';
import { apiRouter, jsonOf, signedInCaller } from '../helpers/api-harness.ts';
import { ALEX, couple, SAM } from '../helpers/couple.ts';
import { examplePlan, validPlan } from '../helpers/plans.ts';
import { useEmbeddedStore } from '../helpers/store.ts';
import { scanTable } from '../helpers/table-snapshot.ts';

const embedded = useEmbeddedStore();
afterAll(() => embedded.stop());

describe('the last partner out of a pair', () => {
  it("takes all of the pair's history: a pair made later with the same id starts empty", async () => {
    const store = await embedded.fresh();
    const kept = await couple(store); // Sam & Alex, from the example plan (pair id sam-alex)
    await kept.at('2026-11-24T01:00:00Z'); // Sam's check-in (Monday 20:00 New York)
    await kept.text(SAM, 'Y');
    const call = signedInCaller(apiRouter(store, kept.engine.queue, () => kept.clock.now));
    const history = () => scanTable(store, (item) => item.PK === 'PAIR#sam-alex');
    const kinds = new Set((await history()).map((item) => String(item.SK).split('#')[0]));
    expect([...kinds]).toEqual(expect.arrayContaining(['CHK', 'MSG', 'IN', 'DLV']));

    for (const phone of [SAM, ALEX]) {
      const token = await startSession(store, phone, kept.clock.now);
      expect((await call('POST', '/api/me/leave', token)).status).toBe(200);
    }
    expect(await history()).toEqual([]);

    // Someone applies a plan naming the same pair id: nothing of Sam and Alex's weeks is theirs.
    await applyPlan(store, validPlan(examplePlan()), kept.clock.now);
    const sam = await startSession(store, SAM, kept.clock.now);
    const data = jsonOf(await call('GET', '/api/export', sam));
    expect(data.checkIns).toEqual([]);
    expect(data.messages).toEqual([]);
  });
});

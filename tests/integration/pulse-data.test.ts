import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { startSession } from '../../shared/auth/session.ts';
import type { HttpResponse } from '../../shared/http/types.ts';
import { applyPlan } from '../../shared/plan/apply-plan.ts';
import { listPulses } from '../../shared/store/pulse-repository.ts';
import type { Store } from '../../shared/store/store.ts';
import { examplePlan, validPlan } from '../helpers/plans.ts';
import { apiHarness } from '../helpers/api-harness.ts';
import { useEmbeddedStore } from '../helpers/store.ts';

const SAM = '+15555550101';
const ALEX = '+447700900123';
// Sunday 17:00 London (Alex) and 17:00 New York (Sam).
const ALEX_ASKED = Date.parse('2026-12-06T17:00:00Z');
const SAM_ASKED = Date.parse('2026-12-06T22:00:00Z');
const embedded = useEmbeddedStore();
afterAll(() => embedded.stop());

let store: Store;
let call: (method: string, path: string, token: string) => Promise<HttpResponse>;
const clock = { now: ALEX_ASKED - 3_600_000 };
const body = (response: HttpResponse) => JSON.parse(response.body ?? '{}');

/** Both partners answer one pulse: Alex 8, Sam 6 (neither shares). */
beforeEach(async () => {
  store = await embedded.fresh();
  clock.now = ALEX_ASKED - 3_600_000;
  const plan = { ...examplePlan(), commitments: [], rituals: [], affirmations: [] };
  plan.pulse = { day: 'SU', at: '17:00' };
  await applyPlan(store, validPlan(plan), clock.now);
  const api = apiHarness(store, clock);
  const engine = api.engine;
  call = api.call;
  const text = api.text;
  clock.now = ALEX_ASKED;
  await engine.runOnce();
  clock.now += 600_000;
  await text(ALEX, '8');
  clock.now = SAM_ASKED;
  await engine.runOnce();
  clock.now += 600_000;
  await text(SAM, '6');
});

describe('pulse answers as personal data', () => {
  it("puts a partner's own pulse numbers (and only theirs) in their export", async () => {
    const sam = await startSession(store, SAM, clock.now);
    const pulses = body(await call('GET', '/api/export', sam)).pulses;
    expect(pulses.map((p: Record<string, unknown>) => [p.partnerId, p.value])).toEqual([['sam', 6]]);
  });

  it("takes a partner's pulse answers with them when they leave the pair, and leaves the other's", async () => {
    const alex = await startSession(store, ALEX, clock.now);
    expect((await call('POST', '/api/me/leave', alex)).status).toBe(200);
    const left = await listPulses(store, 'sam-alex', ALEX_ASKED - 86_400_000, clock.now);
    expect(left.map((p) => [p.partnerId, p.value])).toEqual([['sam', 6]]);
  });

  it("erases a partner's pulse answers with the account, and leaves the other's", async () => {
    const sam = await startSession(store, SAM, clock.now);
    const alex = await startSession(store, ALEX, clock.now);
    expect((await call('DELETE', '/api/me', sam)).status).toBe(200);
    const left = await listPulses(store, 'sam-alex', ALEX_ASKED - 86_400_000, clock.now);
    expect(left.map((p) => [p.partnerId, p.value])).toEqual([['alex', 8]]);
    expect(body(await call('GET', '/api/export', alex)).pulses).toHaveLength(1);
  });
});

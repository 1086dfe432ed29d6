import { afterAll, beforeAll } from 'vitest';
import { startSession } from '../../shared/auth/session.ts';
import type { PlanInput } from '../../shared/model/plan.ts';
import { applyPlan } from '../../shared/plan/apply-plan.ts';
import type { Store } from '../../shared/store/store.ts';
import { apiHarness, type ApiHarness } from './api-harness.ts';
import { examplePlan, validPlan } from './plans.ts';
import { useEmbeddedStore } from './store.ts';

export const SAM = '+15555550101';
export const ALEX = '+447700900123';
export const crossSite = { 'sec-fetch-site': 'cross-site', origin: 'https://elsewhere.example' };

/** The example couple with a limit, conversations, the pulse and two supporters; no rituals or affirmations. */
function plan(): PlanInput {
  const p = examplePlan();
  p.rituals = [];
  p.affirmations = [];
  p.commitments = [
    ...p.commitments!,
    {
      id: 'late-nights',
      owner: 'sam',
      title: 'Late nights out',
      repeat: 'FREQ=WEEKLY;BYDAY=MO',
      checkInAt: '21:00',
      limit: { times: 2, per: 'week' },
      start: '2026-12-14', // after the first fortnight: one open check-in at a time until then
    },
  ];
  p.conversations = { repeat: 'FREQ=WEEKLY;BYDAY=WE,SU', at: '19:00', timezone: 'America/New_York' };
  p.pulse = { day: 'SU', at: '17:00' };
  p.supporters = [
    { id: 'dr-lee', name: 'Dr. Lee', email: 'lee@example.org', consent: 'confirmed' },
    { id: 'pat', name: 'Pat', email: 'pat@example.org' },
  ];
  return p;
}

/**
 * The routes behind the dashboard's supporters, conversations, pulse and check-in log views,
 * through the real router, reply handler and engine on dynalite. One scripted fortnight:
 * Sam misses, changes an N to a Y, answers conversation prompts alone and rates his pulse
 * privately; the tests then read everything as Alex. Registers its own beforeAll/afterAll;
 * `started()` gives the store and the harness inside tests and hooks.
 */
export function useScriptedFortnight() {
  const embedded = useEmbeddedStore();
  afterAll(() => embedded.stop());
  let store: Store;
  let api: ApiHarness;
  const clock = { now: Date.parse('2026-11-30T12:00:00Z') }; // Monday
  const at = async (iso: string) => {
    clock.now = Date.parse(iso);
    await api.engine.runOnce();
  };
  const session = (phone: string) => startSession(store, phone, clock.now);
  beforeAll(async () => {
    store = await embedded.fresh();
    // The local outbox's shortcut: Dr. Lee's "confirmed" in the file stands for the agreement.
    await applyPlan(store, validPlan(plan()), clock.now, { planConsent: 'honour' });
    api = apiHarness(store, clock);
    await at('2026-11-30T12:00:00Z');
    // Monday's lunch call: N, then changed to Y a minute later (the undo record holds the N).
    await at('2026-12-01T01:00:00Z');
    await api.text(SAM, 'N');
    clock.now += 60_000;
    await api.text(SAM, 'Y');
    // Tuesday's: missed.
    await at('2026-12-02T01:00:00Z');
    await api.text(SAM, 'N');
    // Wednesday's prompt: only Sam answers; it closes 48 hours later with one answer.
    await at('2026-12-03T00:00:00Z');
    clock.now += 600_000;
    await api.text(SAM, 'Wednesday words only Sam wrote');
    for (const day of ['03', '04', '05']) await at(`2026-12-${day}T01:00:00Z`); // unanswered check-ins
    // Sunday's pulse: Alex 8 (London 17:00), Sam 3 (New York 17:00); neither shares.
    await at('2026-12-06T17:00:00Z');
    clock.now += 600_000;
    await api.text(ALEX, '8');
    await at('2026-12-06T22:00:00Z');
    clock.now += 600_000;
    await api.text(SAM, '3');
    await at('2026-12-06T23:00:00Z'); // the weekly summaries (and Dr. Lee's)
    // Sunday's prompt: Sam answers; Alex has not yet.
    await at('2026-12-07T00:00:00Z');
    clock.now += 600_000;
    await api.text(SAM, 'Sunday words Sam is waiting to share');
    await at('2026-12-07T00:30:00Z');
  });
  return { clock, at, session, embedded, started: () => ({ store, api }) };
}

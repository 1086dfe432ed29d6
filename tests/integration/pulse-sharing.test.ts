import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { startSession } from '../../shared/auth/session.ts';
import { pulseQuestion } from '../../shared/practices/pulse.ts';
import { applyPlan } from '../../shared/plan/apply-plan.ts';
import { buildWeeklySummary } from '../../shared/summary/build-summary.ts';
import { listWholeOutbox } from '../../shared/store/message-repository.ts';
import type { Store } from '../../shared/store/store.ts';
import { apiHarness, jsonOf, type ApiHarness } from '../helpers/api-harness.ts';
import { examplePlan, validPlan } from '../helpers/plans.ts';
import { useEmbeddedStore } from '../helpers/store.ts';

const ALEX = '+447700900123';
const WEEK = 7 * 86_400_000;
// Sunday 17:00 London: Alex's pulse question, two weeks running.
const FIRST_ASKED = Date.parse('2026-12-06T17:00:00Z');
const SECOND_ASKED = FIRST_ASKED + WEEK;
/** The supporter summary goes out at 18:00 New York, 23:00 UTC: six hours after the question. */
const SUPPORTER_SUMMARY_AFTER = 6 * 3_600_000;
const embedded = useEmbeddedStore();
afterAll(() => embedded.stop());

let store: Store;
let api: ApiHarness;
const clock = { now: FIRST_ASKED - 3_600_000 };

/** Alex's question at `asked`, and their number 10 minutes later. */
async function askAndAnswer(asked: number, value: string): Promise<void> {
  clock.now = asked;
  await api.engine.runOnce();
  clock.now = asked + 600_000;
  await api.text(ALEX, value);
}

const alexQuestions = async () =>
  (await listWholeOutbox(store)).filter((m) => m.kind === 'pulse-question' && m.to === ALEX).map((m) => m.body);

/** What Sam (the other partner) sees of Alex's pulse: on the dashboard, and in his weekly summary. */
async function whatSamSees(): Promise<{ dashboard: number[] | undefined; summary: number[] | undefined }> {
  const sam = await startSession(store, '+15555550101', clock.now);
  const pulse = jsonOf(await api.call('GET', '/api/pulse', sam));
  const summary = await buildWeeklySummary(store, 'sam-alex', 'sam', clock.now);
  return {
    dashboard: pulse.theirs?.points.map((p: { value: number }) => p.value),
    summary: summary?.pulse?.theirs,
  };
}

/**
 * What Dr. Lee (the pair's supporter) is told of Alex's pulse in the weekly supporter summary
 * sent at `at` (Sunday 18:00 New York): the sharing rule on the supporter's own path.
 */
async function whatLeeSees(at: number): Promise<string | undefined> {
  const supporterSummaries = async () =>
    (await listWholeOutbox(store)).filter((m) => m.kind === 'supporter-summary' && m.to === 'lee@example.org');
  const before = (await supporterSummaries()).length;
  clock.now = at;
  await api.engine.runOnce();
  const summaries = await supporterSummaries();
  expect(summaries).toHaveLength(before + 1);
  return summaries.at(-1)!.body.match(/Alex's latest pulse, shared with you: (\d+)/)?.[1];
}

/** The example couple with a Sunday pulse and a confirmed supporter; `alexShares` in the file. */
function pulsePlan(alexShares = false) {
  const plan = { ...examplePlan(), commitments: [], rituals: [], affirmations: [] };
  plan.pulse = { day: 'SU', at: '17:00' };
  plan.supporters = [{ id: 'dr-lee', name: 'Dr. Lee', email: 'lee@example.org', consent: 'confirmed' }];
  if (alexShares) plan.partners = plan.partners.map((p) => (p.id === 'alex' ? { ...p, sharePulse: true } : p));
  return validPlan(plan);
}

beforeEach(async () => {
  store = await embedded.fresh();
  clock.now = FIRST_ASKED - 3_600_000;
  await applyPlan(store, pulsePlan(), clock.now, { planConsent: 'honour' });
  api = apiHarness(store, clock);
});

describe('a plan file with a real provider cannot start a partner sharing their pulse', () => {
  it("holds the file's sharePulse until the partner turns it on; the file may then keep or stop it", async () => {
    const withProvider = { planConsent: 'ask' as const };
    const held = await applyPlan(store, pulsePlan(true), clock.now, withProvider);
    expect(held.changes).toContainEqual({
      action: 'hold',
      what: 'pulse sharing for alex (theirs to turn on: the dashboard, or PATCH /api/me)',
    });
    const alex = await startSession(store, ALEX, clock.now);
    expect(jsonOf(await api.call('GET', '/api/pulse', alex)).sharing).toBe(false);
    await askAndAnswer(FIRST_ASKED, '4');
    expect(await alexQuestions()).toEqual([pulseQuestion('Sam', false).body]);

    // Alex turns it on: the same file now keeps it, with nothing held; a file without it stops it.
    expect((await api.call('PATCH', '/api/me', alex, { sharePulse: true })).status).toBe(200);
    const again = await applyPlan(store, pulsePlan(true), clock.now, withProvider);
    expect(again.changes.filter((c) => c.action === 'hold')).toEqual([]);
    expect(jsonOf(await api.call('GET', '/api/pulse', alex)).sharing).toBe(true);
    await applyPlan(store, pulsePlan(false), clock.now, withProvider);
    expect(jsonOf(await api.call('GET', '/api/pulse', alex)).sharing).toBe(false);
  });

  it('in the local outbox the file is taken at its word, as for consent', async () => {
    await applyPlan(store, pulsePlan(true), clock.now, { planConsent: 'honour' });
    const alex = await startSession(store, ALEX, clock.now);
    expect(jsonOf(await api.call('GET', '/api/pulse', alex)).sharing).toBe(true);
  });
});

describe('sharing a pulse starts with the next question', () => {
  it('an answer given while private stays private after the rater starts sharing; the next one is shared', async () => {
    await askAndAnswer(FIRST_ASKED, '3');
    const alex = await startSession(store, ALEX, clock.now);
    expect((await api.call('PATCH', '/api/me', alex, { sharePulse: true })).status).toBe(200);
    // Sharing now, but the 3 was given to a question that said it stays private.
    expect(await whatSamSees()).toEqual({ dashboard: [], summary: undefined });
    expect(await whatLeeSees(FIRST_ASKED + SUPPORTER_SUMMARY_AFTER)).toBeUndefined();

    await askAndAnswer(SECOND_ASKED, '8');
    expect(await alexQuestions()).toEqual([pulseQuestion('Sam', false).body, pulseQuestion('Sam', true).body]);
    expect(await whatSamSees()).toEqual({ dashboard: [8], summary: [8] });
    expect(await whatLeeSees(SECOND_ASKED + SUPPORTER_SUMMARY_AFTER)).toBe('8');
    // Alex's own view keeps both.
    const own = jsonOf(await api.call('GET', '/api/pulse', alex));
    expect(own.mine.map((p: { value: number }) => p.value)).toEqual([3, 8]);
  });

  it('stopping hides every shared answer again at once', async () => {
    const alex = await startSession(store, ALEX, clock.now);
    await api.call('PATCH', '/api/me', alex, { sharePulse: true });
    await askAndAnswer(FIRST_ASKED, '8');
    expect((await whatSamSees()).dashboard).toEqual([8]);

    expect(await whatLeeSees(FIRST_ASKED + SUPPORTER_SUMMARY_AFTER)).toBe('8');
    expect((await api.call('PATCH', '/api/me', alex, { sharePulse: false })).status).toBe(200);
    expect(await whatSamSees()).toEqual({ dashboard: undefined, summary: undefined });
    expect(await whatLeeSees(SECOND_ASKED + SUPPORTER_SUMMARY_AFTER)).toBeUndefined();
  });

  it('an answer given after the rater stopped sharing stays private when they share again', async () => {
    const alex = await startSession(store, ALEX, clock.now);
    await api.call('PATCH', '/api/me', alex, { sharePulse: true });
    clock.now = FIRST_ASKED;
    await api.engine.runOnce(); // asked while sharing: "You chose to share it."
    // Alex stops sharing before answering: the dashboard now says the pulse is private.
    expect((await api.call('PATCH', '/api/me', alex, { sharePulse: false })).status).toBe(200);
    clock.now += 600_000;
    await api.text(ALEX, '2');
    // Sharing again later (coaxed, or for the weeks to come) must not reveal the 2 given while private.
    expect((await api.call('PATCH', '/api/me', alex, { sharePulse: true })).status).toBe(200);
    expect(await whatSamSees()).toEqual({ dashboard: [], summary: undefined });
    await askAndAnswer(SECOND_ASKED, '8');
    expect(await whatSamSees()).toEqual({ dashboard: [8], summary: [8] });
  });

  it('a question asked while sharing says so, and stays shared-as-asked when sharing starts between ask and answer', async () => {
    clock.now = FIRST_ASKED;
    await api.engine.runOnce(); // asked while private
    const alex = await startSession(store, ALEX, clock.now);
    await api.call('PATCH', '/api/me', alex, { sharePulse: true });
    clock.now += 600_000;
    await api.text(ALEX, '5');
    expect(await alexQuestions()).toEqual([pulseQuestion('Sam', false).body]);
    expect(await whatSamSees()).toEqual({ dashboard: [], summary: undefined });
  });
});

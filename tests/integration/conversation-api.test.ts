import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { startSession } from '../../shared/auth/session.ts';
import type { HttpResponse } from '../../shared/http/types.ts';
import { applyPlan } from '../../shared/plan/apply-plan.ts';
import { listAllConversations } from '../../shared/store/conversation-repository.ts';
import type { Store } from '../../shared/store/store.ts';
import { examplePlan, validPlan } from '../helpers/plans.ts';
import { apiHarness } from '../helpers/api-harness.ts';
import { useEmbeddedStore } from '../helpers/store.ts';

const SAM = '+15555550101';
const ALEX = '+447700900123';
const PROMPT_AT = Date.parse('2026-12-03T00:00:00Z');
const embedded = useEmbeddedStore();
afterAll(() => embedded.stop());

let store: Store;
let call: (method: string, path: string, token: string) => Promise<HttpResponse>;
let text: (from: string, body: string) => Promise<void>;
const clock = { now: PROMPT_AT };
const body = (response: HttpResponse) => JSON.parse(response.body ?? '{}');

/** Two conversations: Wednesday's answered by both (revealed), Sunday's by Sam only. */
beforeEach(async () => {
  store = await embedded.fresh();
  clock.now = PROMPT_AT - 3_600_000;
  const plan = examplePlan();
  plan.commitments = [];
  plan.rituals = [];
  plan.affirmations = [];
  plan.conversations = { repeat: 'FREQ=WEEKLY;BYDAY=WE,SU', at: '19:00', timezone: 'America/New_York' };
  await applyPlan(store, validPlan(plan), clock.now);
  const api = apiHarness(store, clock);
  const engine = api.engine;
  call = api.call;
  text = api.text;
  clock.now = PROMPT_AT;
  await engine.runOnce();
  clock.now += 600_000;
  await text(SAM, 'The coffee you made me');
  await text(ALEX, 'Your text at lunch');
  clock.now = Date.parse('2026-12-07T00:00:00Z'); // Sunday 19:00 New York
  await engine.runOnce();
  clock.now += 600_000;
  await text(SAM, 'Coffee on the porch');
});

const sessions = async () => ({
  sam: await startSession(store, SAM, clock.now),
  alex: await startSession(store, ALEX, clock.now),
});

describe('conversations in the API', () => {
  it("shows each partner their own answers, and the other's only once both answered", async () => {
    const { sam, alex } = await sessions();
    const forAlex = body(await call('GET', '/api/conversations', alex)).conversations;
    expect(forAlex.map((c: Record<string, unknown>) => [c.state, c.yourAnswer, c.theirAnswer])).toEqual([
      ['waiting', undefined, undefined], // Sam answered Sunday's, but Alex has not: nothing shown
      ['revealed', 'Your text at lunch', 'The coffee you made me'],
    ]);
    const forSam = body(await call('GET', '/api/conversations', sam)).conversations;
    expect(forSam[0]).toMatchObject({ state: 'waiting', yourAnswer: 'Coffee on the porch' });
    expect(forSam[0].theirAnswer).toBeUndefined();
    // After 48 hours the one-sided conversation closes and still shows nothing of it to Alex.
    clock.now += 49 * 3_600_000;
    const later = body(await call('GET', '/api/conversations', alex)).conversations;
    expect(later[0]).toEqual(expect.objectContaining({ state: 'closed' }));
    expect(JSON.stringify(later)).not.toContain('porch');
  });

  it('a partner deletes their own answer (and only their own)', async () => {
    const { sam, alex } = await sessions();
    const at = '2026-12-03T00:00:00.000Z';
    expect(JSON.stringify(body(await call('GET', '/api/messages', alex)))).toContain('The coffee you made me');
    expect((await call('DELETE', `/api/conversations/${at}/answer`, sam)).status).toBe(200);
    expect((await call('DELETE', `/api/conversations/${at}/answer`, sam)).status).toBe(404);
    expect((await call('DELETE', '/api/conversations/not-a-time/answer', sam)).status).toBe(400);
    const forAlex = body(await call('GET', '/api/conversations', alex)).conversations;
    expect(forAlex[1]).toMatchObject({ yourAnswer: 'Your text at lunch' });
    expect(forAlex[1].theirAnswer).toBeUndefined();
    const [wednesday] = await listAllConversations(store, 'sam-alex');
    expect(Object.keys(wednesday!.answers)).toEqual(['alex']);
    // The reveal that carried Sam's words to Alex goes too; the one carrying Alex's words to Sam stays.
    const messages = body(await call('GET', '/api/messages', alex)).messages ?? [];
    expect(JSON.stringify(messages)).not.toContain('The coffee you made me');
    expect(JSON.stringify(body(await call('GET', '/api/messages', sam)))).toContain('Your text at lunch');
  });

  it("puts a partner's own answers in their export, and erases them with the account", async () => {
    const { sam, alex } = await sessions();
    const exported = body(await call('GET', '/api/export', sam));
    expect(exported.conversations.map((c: Record<string, unknown>) => c.answer)).toEqual([
      'The coffee you made me',
      'Coffee on the porch',
    ]);
    expect(JSON.stringify(exported.conversations)).not.toContain('Your text at lunch');
    expect((await call('DELETE', '/api/me', sam)).status).toBe(200);
    const left = await listAllConversations(store, 'sam-alex');
    expect(left.map((c) => Object.keys(c.answers))).toEqual([['alex'], []]);
    expect(JSON.stringify(left)).not.toMatch(/coffee|porch/i);
    expect(body(await call('GET', '/api/export', alex)).conversations).toHaveLength(1);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSession } from '../../shared/auth/session.ts';
import type { PlanInput } from '../../shared/model/plan.ts';
import { applyPlan } from '../../shared/plan/apply-plan.ts';
import { listCheckIns } from '../../shared/store/checkin-repository.ts';
import { listWholeOutbox } from '../../shared/store/message-repository.ts';
import { getAgreement } from '../../shared/store/supporter-repository.ts';
import type { Store } from '../../shared/store/store.ts';
import { apiHarness, jsonOf, type ApiHarness } from '../helpers/api-harness.ts';
import { examplePlan, validPlan } from '../helpers/plans.ts';
import { useEmbeddedStore } from '../helpers/store.ts';

/**
 * The routes behind the dashboard's supporters, conversations, pulse and check-in log views,
 * through the real router, reply handler and engine on dynalite. One scripted fortnight:
 * Sam misses, changes an N to a Y, answers conversation prompts alone and rates his pulse
 * privately; the tests then read everything as Alex.
 */
const SAM = '+15555550101';
const ALEX = '+447700900123';
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
const crossSite = { 'sec-fetch-site': 'cross-site', origin: 'https://elsewhere.example' };

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

describe("what Alex's dashboard can read of Sam", () => {
  it("no GET route shows Alex Sam's misses (nor the N an undo would restore), unrevealed words or private pulse", async () => {
    const alex = await session(ALEX);
    const document = jsonOf(await api.call('GET', '/api/openapi.json', alex));
    const paths = Object.entries(document.paths as Record<string, Record<string, unknown>>)
      .filter(([, methods]) => 'get' in methods)
      .map(([path]) => path);
    expect(paths).toEqual(expect.arrayContaining(['/api/supporters', '/api/pulse', '/api/conversations']));
    let walked = 0;
    for (const template of paths) {
      const response = await api.call('GET', template.replace(/\{[^}]+\}/g, '2026-12-03T00:00:00Z'), alex);
      if (response.status !== 200) continue;
      walked++;
      const body = response.body ?? '';
      expect(body, template).not.toContain('words only Sam wrote');
      expect(body, template).not.toContain('Sam is waiting to share');
      expect(body, template).not.toMatch(/"(missed|unanswered)"/);
      expect(body, template).not.toContain('undoTo');
    }
    expect(walked).toBeGreaterThan(8);
    // The N-then-Y check-in is visible as kept, and only as kept.
    const { checkIns } = jsonOf(await api.call('GET', '/api/checkins', alex));
    const sams = checkIns.filter((c: { ownerId: string }) => c.ownerId === 'sam');
    expect(sams.map((c: { status: string }) => c.status)).toEqual(['kept']);
    // Sam's pulse is private: Alex's trend has Alex's own number only, in /api/pulse and /api/weeks.
    const pulse = jsonOf(await api.call('GET', '/api/pulse', alex));
    expect(pulse).toEqual({
      asked: true,
      sharing: false,
      mine: [{ at: '2026-12-06T17:00:00.000Z', value: 8 }],
    });
    for (const week of jsonOf(await api.call('GET', '/api/weeks', alex)).weeks)
      expect(week.pulse?.theirs, 'weeks[].pulse.theirs').toBeUndefined();
    // Conversations: Wednesday's closed with Sam's answer only, Sunday's waiting: no words of Sam's.
    const { conversations } = jsonOf(await api.call('GET', '/api/conversations', alex));
    expect(conversations.map((c: Record<string, unknown>) => [c.state, c.yourAnswer, c.theirAnswer])).toEqual([
      ['waiting', undefined, undefined],
      ['closed', undefined, undefined],
    ]);
  });

  it('Sam sees his own: his misses, the undo record stays server-side, his words and his pulse', async () => {
    const sam = await session(SAM);
    const { checkIns } = jsonOf(await api.call('GET', '/api/checkins', sam));
    const lunch = checkIns.filter((c: { ref: string }) => c.ref === 'commitment:lunch-call');
    expect(lunch.map((c: { status: string }) => c.status)).toContain('missed');
    expect(JSON.stringify(checkIns)).not.toContain('undoTo');
    const { conversations } = jsonOf(await api.call('GET', '/api/conversations', sam));
    expect(conversations.map((c: Record<string, unknown>) => c.yourAnswer)).toEqual([
      'Sunday words Sam is waiting to share',
      'Wednesday words only Sam wrote',
    ]);
    expect(jsonOf(await api.call('GET', '/api/pulse', sam)).mine).toEqual([
      { at: '2026-12-06T22:00:00.000Z', value: 3 },
    ]);
    // Coming up: texts written at send time are named for what they are.
    const upcoming = jsonOf(await api.call('GET', '/api/upcoming', sam)).upcoming;
    const named = (kind: string) => upcoming.find((u: { kind: string }) => u.kind === kind)?.body;
    expect([named('conversation-prompt'), named('pulse-question'), named('summary')]).toEqual([
      'A conversation prompt for you both (chosen when it is sent)',
      'Your weekly pulse question: how close and safe you felt, 0-10',
      'Your weekly summary',
    ]);
  });
});

describe('the same-origin rule', () => {
  it('refuses every changing route of the OpenAPI document from another site, before it reads anything', async () => {
    const sam = await session(SAM);
    const document = jsonOf(await api.call('GET', '/api/openapi.json', sam));
    const changing = Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, methods]) =>
        ['post', 'put', 'patch', 'delete']
          .filter((m) => m in methods)
          .map((m) => [m.toUpperCase(), path.replace(/\{[^}]+\}/g, 'x')] as const),
    );
    expect(changing.map(([m, p]) => `${m} ${p}`)).toEqual(
      expect.arrayContaining([
        'DELETE /api/supporters/x',
        'POST /api/conversations/x/answer',
        'POST /api/checkins/x/undo',
        'PATCH /api/me',
      ]),
    );
    for (const [method, path] of changing) {
      const response = await api.call(method, path, sam, {}, crossSite);
      expect([response.status, jsonOf(response).error.code], `${method} ${path}`).toEqual([403, 'cross_site']);
    }
  });
});

describe('conversations answered from the dashboard', () => {
  const sunday = '/api/conversations/2026-12-07T00:00:00.000Z/answer';

  it('refuses bad input with the field, cross-site requests and strangers, and closed or unknown prompts', async () => {
    const alex = await session(ALEX);
    const refusal = async (path: string, body: unknown, headers?: Record<string, string>) => {
      const response = await api.call('POST', path, alex, body, headers);
      return [response.status, jsonOf(response).error?.path ?? jsonOf(response).error?.code];
    };
    expect(await refusal(sunday, {})).toEqual([400, 'text']);
    expect(await refusal(sunday, { text: '   ' })).toEqual([400, 'text']);
    expect(await refusal(sunday, { text: 'x'.repeat(1001) })).toEqual([400, 'text']);
    expect(await refusal(sunday, { text: 42 })).toEqual([400, 'text']);
    expect(await refusal('/api/conversations/not-a-time/answer', { text: 'hi' })).toEqual([400, 'at']);
    expect(await refusal('/api/conversations/2026-12-09T00:00:00Z/answer', { text: 'hi' })).toEqual([404, 'not_found']);
    expect(await refusal('/api/conversations/2026-12-03T00:00:00Z/answer', { text: 'late' })).toEqual([409, 'closed']);
    expect(await refusal(sunday, { text: 'hi' }, crossSite)).toEqual([403, 'cross_site']);
    expect((await api.call('POST', sunday, 'made-up-session', { text: 'hi' })).status).toBe(401);
    // Nothing was recorded by any of these.
    const { conversations } = jsonOf(await api.call('GET', '/api/conversations', alex));
    expect(conversations[0].yourAnswer).toBeUndefined();
  });

  it("answers like a text: the reveal goes to both, then each sees the other's words; the first answer stands", async () => {
    const alex = await session(ALEX);
    const answered = await api.call('POST', sunday, alex, { text: 'The walk by the river' });
    expect([answered.status, jsonOf(answered)]).toEqual([200, { answered: true, revealed: true }]);
    await api.engine.drain();
    const reveals = (await listWholeOutbox(store)).filter((m) => m.kind === 'conversation-reveal');
    expect(reveals.map((m) => m.to).sort()).toEqual([SAM, ALEX].sort());
    const { conversations } = jsonOf(await api.call('GET', '/api/conversations', alex));
    expect(conversations[0]).toMatchObject({
      state: 'revealed',
      yourAnswer: 'The walk by the river',
      theirAnswer: 'Sunday words Sam is waiting to share',
    });
    const again = await api.call('POST', sunday, alex, { text: 'Something else' });
    expect([again.status, jsonOf(again).error.code]).toEqual([409, 'already_answered']);
  });
});

describe('the pulse trend and sharing it', () => {
  it("shows Alex's pulse to Sam only while Alex shares it; a bad value names the field", async () => {
    const alex = await session(ALEX);
    const sam = await session(SAM);
    const bad = await api.call('PATCH', '/api/me', alex, { sharePulse: 'yes' });
    expect([bad.status, jsonOf(bad).error.path]).toEqual([400, 'sharePulse']);
    expect((await api.call('PATCH', '/api/me', alex, { sharePulse: true }, crossSite)).status).toBe(403);
    expect(jsonOf(await api.call('GET', '/api/pulse', sam)).theirs).toBeUndefined();

    expect((await api.call('PATCH', '/api/me', alex, { sharePulse: true })).status).toBe(200);
    expect(jsonOf(await api.call('GET', '/api/pulse', alex)).sharing).toBe(true);
    expect(jsonOf(await api.call('GET', '/api/pulse', sam)).theirs).toEqual({
      name: 'Alex',
      points: [{ at: '2026-12-06T17:00:00.000Z', value: 8 }],
    });
    // Sam still does not share: Alex still sees only Alex's own.
    expect(jsonOf(await api.call('GET', '/api/pulse', alex)).theirs).toBeUndefined();

    expect((await api.call('PATCH', '/api/me', alex, { sharePulse: false })).status).toBe(200);
    expect(jsonOf(await api.call('GET', '/api/pulse', sam)).theirs).toBeUndefined();
  });

  it('refuses to share a pulse the pair does not have, naming the field, and changes nothing', async () => {
    const other = await embedded.fresh();
    await applyPlan(other, validPlan({ ...examplePlan(), rituals: [], affirmations: [] }), clock.now);
    const bare = apiHarness(other, clock);
    const alex = await startSession(other, ALEX, clock.now);
    const refused = await bare.call('PATCH', '/api/me', alex, { sharePulse: true });
    expect([refused.status, jsonOf(refused).error]).toEqual([
      409,
      { code: 'no_pulse', message: 'your pair has no weekly pulse to share', path: 'sharePulse' },
    ]);
    const wrongType = await bare.call('PATCH', '/api/me', alex, { sharePulse: 1 });
    expect([wrongType.status, jsonOf(wrongType).error.path]).toEqual([400, 'sharePulse']);
    expect(jsonOf(await bare.call('GET', '/api/pulse', alex))).toEqual({ asked: false, sharing: false, mine: [] });
    expect(jsonOf(await bare.call('GET', '/api/plan', alex)).plan.partners[1].sharePulse).toBeUndefined();
  });
});

describe('supporters in the dashboard', () => {
  it('lists each supporter with where they stand, and refuses a removal from another site or of no one', async () => {
    const sam = await session(SAM);
    expect(jsonOf(await api.call('GET', '/api/supporters', sam)).supporters).toEqual([
      { id: 'dr-lee', name: 'Dr. Lee', state: 'confirmed' },
      { id: 'pat', name: 'Pat', state: 'pending-agreement', youAgreed: false },
    ]);
    // Sam says yes to Pat by text: Sam's own answer shows to Sam; Alex sees only that Alex has not.
    await api.text(SAM, 'SUPPORTER YES');
    const pat = async (token: string) =>
      jsonOf(await api.call('GET', '/api/supporters', token)).supporters.find((x: { id: string }) => x.id === 'pat');
    expect(await pat(sam)).toEqual({ id: 'pat', name: 'Pat', state: 'pending-agreement', youAgreed: true });
    expect(await pat(await session(ALEX))).toEqual({
      id: 'pat',
      name: 'Pat',
      state: 'pending-agreement',
      youAgreed: false,
    });
    // Alex answers on the dashboard: a bad value names the field, then the yes is recorded (from the dashboard).
    const alex = await session(ALEX);
    const answer = (token: string, body: unknown) => api.call('POST', '/api/supporters/pat/answer', token, body);
    const bad = await answer(alex, { agree: 'yes' });
    expect([bad.status, jsonOf(bad).error.path]).toEqual([400, 'agree']);
    const unknown = await api.call('POST', '/api/supporters/nobody/answer', alex, { agree: true });
    expect([unknown.status, jsonOf(unknown).error.path]).toEqual([404, 'id']);
    const yes = await answer(alex, { agree: true });
    expect([yes.status, jsonOf(yes).outcome]).toEqual([200, 'agreed-both']);
    expect(jsonOf(yes).message).toContain('Pat gets an email to confirm');
    const agreement = await getAgreement(store, 'sam-alex', 'pat');
    expect(agreement?.answers.alex).toMatchObject({ agree: true, via: 'dashboard' });
    // Both said yes: now it waits for Pat's own confirmation, and nobody's answer can change.
    expect((await pat(sam)).state).toBe('waiting-for-supporter');
    const again = await answer(sam, { agree: false });
    expect([again.status, jsonOf(again).error.code]).toEqual([409, 'not_waiting']);
    const stranger = await api.call('DELETE', '/api/supporters/nobody', sam);
    expect([stranger.status, jsonOf(stranger).error.path]).toEqual([404, 'id']);
    expect((await api.call('DELETE', '/api/supporters/dr-lee', sam, undefined, crossSite)).status).toBe(403);
    expect((await api.call('DELETE', '/api/supporters/dr-lee', 'made-up-session')).status).toBe(401);
    expect(jsonOf(await api.call('GET', '/api/supporters', sam)).supporters).toHaveLength(2);
  });

  it('removes one supporter at once: a summary already queued for them is not sent, and Alex is told', async () => {
    const sam = await session(SAM);
    const toLee = async () => (await listWholeOutbox(store)).filter((m) => m.to === 'lee@example.org');
    const before = (await toLee()).length;
    expect(before).toBe(1); // last Sunday's
    clock.now = Date.parse('2026-12-13T23:00:00Z');
    await api.engine.tick(); // this Sunday's summaries are queued, not yet sent
    const removed = await api.call('DELETE', '/api/supporters/dr-lee', sam);
    expect([removed.status, jsonOf(removed)]).toEqual([200, { removed: 'dr-lee', toldPartner: true }]);
    await api.engine.drain();
    clock.now += 3 * 3_600_000; // past Alex's quiet hours, if any
    await api.engine.runOnce();
    expect(await toLee()).toHaveLength(before);
    const notices = (await listWholeOutbox(store)).filter((m) => m.kind === 'supporter-removed');
    expect(notices.map((m) => [m.to, m.body])).toEqual([
      [ALEX, 'Sam removed Dr. Lee as your supporter. They will get no more weekly summaries from Kept.'],
    ]);
    // Pat, who was not removed, is still listed; a second removal of Dr. Lee finds no one.
    expect(jsonOf(await api.call('GET', '/api/supporters', sam)).supporters.map((s: { id: string }) => s.id)).toEqual([
      'pat',
    ]);
    expect((await api.call('DELETE', '/api/supporters/dr-lee', sam)).status).toBe(404);
  });
});

describe('the check-in log: undo and counts', () => {
  it('offers Undo on an answer just given, takes it back for its owner only, within the hour', async () => {
    await at('2026-12-15T01:00:00Z'); // Monday's lunch call (20:00 New York)
    const sam = await session(SAM);
    const alex = await session(ALEX);
    const open = (await listCheckIns(store, 'sam-alex', clock.now - 3_600_000, clock.now)).find(
      (c) => c.ref === 'commitment:lunch-call',
    )!;
    const path = (action: string) => `/api/checkins/${encodeURIComponent(open.checkInKey)}/${action}`;
    expect((await api.call('POST', path('answer'), sam, { answer: 'N' })).status).toBe(200);
    const entry = async () =>
      jsonOf(await api.call('GET', '/api/checkins', sam)).checkIns.find(
        (c: { checkInKey: string }) => c.checkInKey === open.checkInKey,
      );
    expect(await entry()).toMatchObject({ status: 'missed', undoable: true, answerable: false });
    expect((await api.call('POST', path('undo'), alex, {})).status).toBe(404); // Alex: not even there
    expect((await api.call('POST', path('undo'), sam, {}, crossSite)).status).toBe(403);
    const undone = await api.call('POST', path('undo'), sam, {});
    expect([undone.status, jsonOf(undone)]).toEqual([200, { undone: true, answer: null, status: 'open' }]);
    expect(await entry()).toMatchObject({ status: 'open', undoable: false, answerable: true });
    const twice = await api.call('POST', path('undo'), sam, {});
    expect([twice.status, jsonOf(twice).error.code]).toEqual([409, 'nothing_to_undo']);
    // An hour later an answer stands.
    expect((await api.call('POST', path('answer'), sam, { answer: 'Y' })).status).toBe(200);
    clock.now += 61 * 60_000;
    expect((await entry()).undoable).toBe(false);
    expect((await api.call('POST', path('undo'), sam, {})).status).toBe(409);
  });

  it('marks "how many times" check-ins for a number and logs one; a bad count names the field', async () => {
    await at('2026-12-15T02:00:00Z'); // Monday's late nights (21:00 New York)
    const sam = await session(SAM);
    const { checkIns } = jsonOf(await api.call('GET', '/api/checkins', sam));
    const late = checkIns.find((c: { ref: string; status: string }) => c.ref === 'commitment:late-nights');
    const lunch = checkIns.find((c: { ref: string }) => c.ref === 'commitment:lunch-call');
    expect(late).toMatchObject({ asksCount: true, answerable: true });
    expect(lunch.asksCount).toBeUndefined();
    const path = `/api/checkins/${encodeURIComponent(late.checkInKey)}/answer`;
    const bad = await api.call('POST', path, sam, { count: -1 });
    expect([bad.status, jsonOf(bad).error.path]).toEqual([400, 'count']);
    const logged = await api.call('POST', path, sam, { count: 1 });
    expect([logged.status, jsonOf(logged).status]).toEqual([200, 'kept']);
  });
});

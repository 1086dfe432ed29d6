import { beforeAll, describe, expect, it } from 'vitest';
import { jsonOf, type ApiHarness } from '../helpers/api-harness.ts';
import { ALEX, SAM, useScriptedFortnight } from '../helpers/scripted-fortnight.ts';

// The dashboard's routes after one scripted fortnight (tests/helpers/scripted-fortnight.ts).
const fortnight = useScriptedFortnight();
const { session } = fortnight;
let api: ApiHarness;
beforeAll(() => {
  ({ api } = fortnight.started());
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

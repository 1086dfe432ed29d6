import { afterAll, describe, expect, it } from 'vitest';
import { buildWeeklySummary } from '../../shared/summary/build-summary.ts';
import { summaryText } from '../../shared/summary/render-summary.ts';
import { examplePlan } from '../helpers/plans.ts';
import { useEmbeddedStore } from '../helpers/store.ts';
import { SAM, couple } from '../helpers/couple.ts';

const embedded = useEmbeddedStore();
afterAll(() => embedded.stop());

function goalPlan() {
  const plan = examplePlan();
  plan.rituals = [];
  plan.affirmations = [];
  plan.commitments = [
    {
      id: 'run',
      owner: 'sam',
      title: 'Go for a run',
      repeat: 'FREQ=DAILY',
      checkInAt: '19:00',
      target: { times: 3, per: 'week' },
    },
    {
      id: 'late',
      owner: 'sam',
      title: 'Late nights',
      repeat: 'FREQ=DAILY',
      checkInAt: '21:00',
      limit: { times: 2, per: 'week' },
    },
  ];
  return plan;
}

// Monday 2026-11-23, New York (EST): 19:00 = 00:00Z next day, 21:00 = 02:00Z next day.
const at = (day: number, hourZ: number) =>
  new Date(Date.parse('2026-11-24T00:00:00Z') + day * 86_400_000 + hourZ * 3_600_000).toISOString();

describe('flexible goals: "3 times a week" and "at most 2 a week"', () => {
  it('asks by the wording rule, counts numbers and Ys toward the week, and the summary shows the progress', async () => {
    const c = await couple(await embedded.fresh(), { plan: goalPlan() });
    const late = [0, 1, 0, 1, 1, 0, 0];
    for (let d = 0; d < 7; d++) {
      await c.at(at(d, 0));
      c.clock.now = Date.parse(at(d, 0.1));
      await c.text(SAM, d % 2 === 0 ? 'Y' : 'N'); // runs Mon, Wed, Fri, Sun
      await c.at(at(d, 2));
      c.clock.now = Date.parse(at(d, 2.1));
      const reply = await c.text(SAM, String(late[d]));
      if (d === 3) expect(reply.reply).toBe('Logged 1: 2 of at most 2 this week.');
      if (d === 4) expect(reply.reply).toBe('Logged 1: 3 of at most 2 this week.');
    }
    const texts = (await c.messagesTo(SAM)).filter((m) => m.kind === 'checkin').map((m) => m.body);
    expect(texts.slice(0, 2)).toEqual([
      'Did you go for a run today? Reply Y or N',
      'How many times today: late nights? Reply a number, like 2',
    ]);
    const summary = (await buildWeeklySummary(c.store, 'sam-alex', 'sam', Date.parse('2026-11-29T23:00:00Z')))!;
    const text = summaryText(summary);
    // Sunday's check-ins (after the 18:00 summary) belong to next week's summary; the goal week is Monday-Sunday.
    expect(text).toContain('Go for a run: kept 3 of 6 (missed 3), 3 of 3 this week - streak 1 (best 1)');
    expect(text).toContain('Late nights:');
    expect(text).toContain('3 of at most 2 this week');
  });
});

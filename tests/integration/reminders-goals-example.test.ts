import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../local/simulate.ts';
import { parsePlanText } from '../../shared/model/validate-plan.ts';

const read = (name: string) => readFileSync(new URL(`../../examples/reminders-goals/${name}`, import.meta.url), 'utf8');

describe('examples/reminders-goals in kept simulate', () => {
  it('shows a reminder snoozed, goal check-ins worded by the rule, and a shared message held for the shared window', async () => {
    const parsed = parsePlanText('plan.json', read('plan.json'));
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    const lines = await simulate(parsed.plan, {
      from: Date.parse('2026-11-23T05:00:00Z'),
      until: Date.parse('2026-11-26T05:00:00Z'),
      replies: JSON.parse(read('replies.json')),
    });
    const said = lines.map((l) => `${l.at.slice(0, 16)} ${l.kind} ${l.body}`);
    expect(said).toContain(
      '2026-11-23T17:15 reminder Reminder: call Alex at lunch (due 12:30, in 15 min). Reply SNOOZE for later',
    );
    expect(said).toContain('2026-11-23T17:16 reply Snoozed: it comes again at 12:36.');
    expect(said).toContain(
      '2026-11-23T17:36 reminder Reminder: call Alex at lunch (due 12:30, in 15 min). Reply SNOOZE for later',
    );
    expect(said).toContain('2026-11-24T00:00 checkin Did you go for a run today? Reply Y or N');
    expect(said).toContain('2026-11-24T10:00 checkin How many times today: late nights out? Reply a number, like 2');
    expect(said).toContain('2026-11-24T10:05 reply Logged 1: 1 of at most 2 this week.');
    // 17:00 New York is 22:00 in London, past the shared window: both are asked at 08:00 New York.
    expect(said.filter((s) => s.includes('ritual-checkin'))).toEqual([
      '2026-11-25T13:00 ritual-checkin Walk together: did it happen? Reply Y or N',
      '2026-11-25T13:00 ritual-checkin Walk together: did it happen? Reply Y or N',
    ]);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../local/simulate.ts';
import { parsePlanText } from '../../shared/model/validate-plan.ts';

const read = (name: string) => readFileSync(new URL(`../../examples/twelve-weeks/${name}`, import.meta.url), 'utf8');

/** "Call Alex in the evening: kept 7 of 7 - streak 13 (best 13), strength 78%, ..." */
function lineOf(body: string, title: string) {
  const line = body.split('\n').find((l) => l.startsWith(`${title}: `));
  const match = line?.match(/kept (\d+) of (\d+).*strength (\d+)%/);
  return match ? { kept: Number(match[1]), due: Number(match[2]), strength: Number(match[3]) } : null;
}

describe('twelve weeks of kept promises (examples/twelve-weeks, across the March DST change)', () => {
  it('shows a weekly promise at 82%, a daily one at 99%, and summaries that count every occurrence once', async () => {
    const parsed = parsePlanText('plan.json', read('plan.json'));
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    const lines = await simulate(parsed.plan, {
      from: Date.parse('2026-01-05T05:00:00Z'),
      until: Date.parse('2026-04-06T04:00:00Z'),
      replies: JSON.parse(read('replies.json')),
    });
    const summaries = lines.filter((m) => m.kind === 'summary' && m.to === 'sam@example.com');
    expect(summaries).toHaveLength(13); // twelve Sundays, and the one after the last Sunday evening
    const checkIns = lines.filter((m) => m.kind === 'checkin');
    expect(checkIns).toHaveLength(96);
    const daily = summaries.map((s) => lineOf(s.body, 'Call Alex in the evening'));
    const weekly = summaries.map((s) => lineOf(s.body, 'Plan our weekend date'));
    // Every occurrence in exactly one summary: the Sunday 20:00 ones go into the next week's.
    expect(daily.reduce((n, d) => n + (d?.due ?? 0), 0)).toBe(84);
    expect(daily.reduce((n, d) => n + (d?.kept ?? 0), 0)).toBe(84);
    expect(daily.map((d) => d?.due)).toEqual([6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 1]);
    expect(weekly.slice(0, 12).reduce((n, w) => n + (w?.due ?? 0), 0)).toBe(12);
    // Loop Habit Tracker: 1 - 0.5^(84 sqrt(1/7) / 13) = 81.6%; daily, 84 days: 98.9%.
    expect(weekly[11]?.strength).toBe(82);
    expect(daily[11]?.strength).toBe(99);
    expect(daily[12]?.strength).toBe(99);
  });
});

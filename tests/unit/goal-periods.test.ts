import { describe, expect, it } from 'vitest';
import type { CheckIn } from '../../shared/model/checkin.ts';
import { goalStats, goalValue, periodOf, type GoalRule } from '../../shared/summary/goal-periods.ts';

const zone = 'America/New_York';
const DAY = 86_400_000;
// Monday 2026-02-02 20:00 New York (01:00Z the next day).
const firstMonday = Date.parse('2026-02-03T01:00:00Z');

function day(i: number, status: CheckIn['status'], count?: number): CheckIn {
  const occurrenceAt = new Date(firstMonday + i * DAY).toISOString();
  return {
    pairId: 'p',
    checkInKey: `CHK#${occurrenceAt}#commitment:run`,
    ref: 'commitment:run',
    title: 'Run',
    ownerId: 'sam',
    occurrenceAt,
    status,
    promptedAt: { sam: occurrenceAt },
    answers: {},
    ...(count !== undefined ? { count } : {}),
  };
}

/** Weeks of daily Y/N check-ins: `kept[w]` Ys in week w, the other days N. */
const weeks = (kept: number[]) =>
  kept.flatMap((k, w) => Array.from({ length: 7 }, (_v, d) => day(w * 7 + d, d < k ? 'kept' : 'missed')));

function loopDayByDay(values: number[], frequency: number): number {
  const m = 0.5 ** (Math.sqrt(frequency) / 13);
  return values.reduce((score, v) => score * m + v * (1 - m), 0);
}

const threeAWeek: GoalRule = { kind: 'target', times: 3, per: 'week' };
const end = (w: number) => firstMonday - 20 * 3_600_000 + w * 7 * DAY; // Monday 00:00 of week w

describe('flexible goals: Loop numerator/denominator rules', () => {
  it('"3 times a week": each week counts its fraction of the goal on each of its days (f = 3/7)', () => {
    const stats = goalStats(weeks([3, 4, 2, 3]), threeAWeek, zone, end(4), end(4));
    const loop = loopDayByDay(
      [1, 1, 2 / 3, 1].flatMap((v) => Array(7).fill(v)),
      3 / 7,
    );
    expect(stats.score).toBeCloseTo(loop, 12);
    expect(stats.score).toBeCloseTo(0.5671, 4);
    expect(stats).toMatchObject({ currentStreak: 1, bestStreak: 2 });
  });

  it('a week in progress counts once its target is met, not before; progress counts toward the week', () => {
    const history = [...weeks([3]), day(7, 'kept'), day(8, 'kept')]; // week 2: two so far
    const midWeek = end(1) + 2 * DAY + 23 * 3_600_000;
    const stats = goalStats(history, threeAWeek, zone, midWeek, midWeek);
    expect(stats.progress).toEqual({ total: 2, times: 3, per: 'week', kind: 'target' });
    expect(stats.score).toBeCloseTo(loopDayByDay(Array(7).fill(1), 3 / 7), 12); // only week 1
    const met = goalStats([...history, day(9, 'kept')], threeAWeek, zone, midWeek + DAY, midWeek + DAY);
    expect(met.score).toBeCloseTo(loopDayByDay(Array(14).fill(1), 3 / 7), 12);
    expect(met.currentStreak).toBe(2);
  });

  it('a paused or skipped week leaves strength and streak unchanged', () => {
    const paused = Array.from({ length: 7 }, (_v, d) => day(7 + d, 'paused'));
    const history = [
      ...weeks([3]),
      ...paused,
      ...weeks([0, 3])
        .slice(7)
        .map((c, i) => day(14 + i, c.status)),
    ];
    const stats = goalStats(history, threeAWeek, zone, end(3), end(3));
    expect(stats.score).toBeCloseTo(goalStats(weeks([3, 3]), threeAWeek, zone, end(2), end(2)).score, 12);
    expect(stats.currentStreak).toBe(2);
  });

  it('"at most 2 a week" (a limit): within it is 1, twice the limit is 0; a limit of 0 is all or nothing', () => {
    const limit: GoalRule = { kind: 'limit', times: 2, per: 'week' };
    expect([0, 2, 3, 4, 9].map((n) => goalValue(limit, n))).toEqual([1, 1, 0.5, 0, 0]);
    expect(goalValue({ kind: 'limit', times: 0, per: 'week' }, 0)).toBe(1);
    expect(goalValue({ kind: 'limit', times: 0, per: 'week' }, 1)).toBe(0);
    // Counted answers: week totals 1, 3, 0.
    const history = [day(0, 'kept', 1), day(8, 'missed', 3), day(15, 'kept', 0)];
    const stats = goalStats(history, limit, zone, end(3), end(3));
    expect(stats.score).toBeCloseTo(
      loopDayByDay(
        [1, 0.5, 1].flatMap((v) => Array(7).fill(v)),
        1 / 7,
      ),
      12,
    );
    expect(stats).toMatchObject({ currentStreak: 1, bestStreak: 1 });
  });

  it('"twice a day" and "10 times a month" add up numbers within the local day or month', () => {
    const twiceADay: GoalRule = { kind: 'target', times: 2, per: 'day' };
    const stats = goalStats([day(0, 'kept', 2), day(1, 'kept', 1)], twiceADay, zone, end(1), end(1));
    expect(stats.score).toBeCloseTo(loopDayByDay([1, 0.5], 2), 12);
    const month = periodOf(Date.parse('2026-03-15T12:00:00Z'), zone, 'month');
    // March 2026 in New York: 31 days, one of them 23 hours long (DST starts March 8).
    expect(new Date(month.start).toISOString()).toBe('2026-03-01T05:00:00.000Z');
    expect(new Date(month.end).toISOString()).toBe('2026-04-01T04:00:00.000Z');
  });
});

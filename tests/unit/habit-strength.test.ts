import { describe, expect, it } from 'vitest';
import {
  habitScore,
  OWNED_MISS_VALUE,
  strengthAfter,
  strengthValue,
  type Outcome,
} from '../../shared/summary/statistics.ts';

/**
 * Loop Habit Tracker's own procedure, day by day: every day score = score x m + v x (1 - m),
 * m = 0.5^(sqrt(f) / 13); a day of a period whose goal was met has v = 1, a skipped day
 * leaves the score as it is. Kept's habitScore works per occurrence; these must agree.
 */
function loopDayByDay(days: Array<number | null>, frequency: number): number {
  const m = 0.5 ** (Math.sqrt(frequency) / 13);
  let score = 0;
  for (const v of days) if (v !== null) score = score * m + v * (1 - m);
  return score;
}

/** Each occurrence's outcome spread over its period's days, as Loop counts it. */
function spread(outcomes: Outcome[], daysPerOccurrence: number): Array<number | null> {
  return outcomes.flatMap((o) => Array.from({ length: daysPerOccurrence }, () => strengthValue(o)));
}

const times = (n: number, outcome: Outcome): Outcome[] => Array.from({ length: n }, () => outcome);

describe("habit strength equals Loop Habit Tracker's (within one percentage point)", () => {
  it('a weekly promise kept 12 weeks of 12 is 81.6% (1 - 0.5^(84 sqrt(1/7) / 13)), not 21%', () => {
    const score = habitScore(times(12, 'kept'), 1 / 7);
    expect(score).toBeCloseTo(1 - 0.5 ** ((84 * Math.sqrt(1 / 7)) / 13), 12);
    expect(score).toBeCloseTo(0.816, 3);
    expect(Math.abs(score - loopDayByDay(spread(times(12, 'kept'), 7), 1 / 7))).toBeLessThan(1e-12);
  });

  it('a daily promise kept 84 days is 98.9%', () => {
    expect(habitScore(times(84, 'kept'), 1)).toBeCloseTo(0.9887, 4);
  });

  it('every other week (f = 1/14), six of six: 69.8%', () => {
    const score = habitScore(times(6, 'kept'), 1 / 14);
    expect(score).toBeCloseTo(0.6979, 4);
    expect(score).toBeCloseTo(loopDayByDay(spread(times(6, 'kept'), 14), 1 / 14), 10);
  });

  it('monthly: twelve of twelve within one point of Loop (which counts 30-day months)', () => {
    // Kept estimates f over a year: 12 / 364 occurrences a day; Loop's "every month" is 1/30.
    const score = habitScore(times(12, 'kept'), 12 / 364);
    const loop = loopDayByDay(spread(times(12, 'kept'), 30), 1 / 30);
    expect(loop).toBeCloseTo(0.9699, 4);
    expect(Math.abs(score - loop)).toBeLessThan(0.01);
  });

  it('weekly with a miss and a skipped week: the miss pulls it down, the skip leaves it unchanged', () => {
    const weeks: Outcome[] = [...times(5, 'kept'), 'missed', 'kept', 'kept', 'skipped', ...times(3, 'kept')];
    const score = habitScore(weeks, 1 / 7);
    // Hand: M = m^7 = 0.5^(7 sqrt(1/7)/13) = 0.86795; five kept: 1 - M^5; miss: x M; ...
    const M = 0.5 ** ((7 * Math.sqrt(1 / 7)) / 13);
    let hand = 1 - M ** 5;
    hand *= M;
    hand = 1 - (1 - hand) * M ** 2;
    hand = 1 - (1 - hand) * M ** 3; // the skipped week changes nothing
    expect(score).toBeCloseTo(hand, 12);
    expect(score).toBeCloseTo(0.7231, 4);
    expect(score).toBeCloseTo(loopDayByDay(spread(weeks, 7), 1 / 7), 12);
  });

  it('pauses, skips and open check-ins leave it unchanged wherever they fall', () => {
    const base: Outcome[] = ['kept', 'missed', 'kept', 'kept'];
    const withGaps: Outcome[] = ['paused', 'kept', 'skipped', 'missed', 'open', 'kept', 'paused', 'kept', 'unasked'];
    expect(habitScore(withGaps, 1)).toBeCloseTo(habitScore(base, 1), 15);
  });

  it('an owned miss counts half (the hook for OWN: CheckIn.strengthValue)', () => {
    expect(OWNED_MISS_VALUE).toBe(0.5);
    expect(strengthValue('missed', { strengthValue: OWNED_MISS_VALUE })).toBe(0.5);
    expect(strengthValue('kept', { strengthValue: OWNED_MISS_VALUE })).toBe(1);
    expect(strengthValue('skipped', { strengthValue: OWNED_MISS_VALUE })).toBeNull();
    const m = 0.5 ** (1 / 13);
    // k, k, owned miss, k by hand.
    let hand = 1 - m;
    hand = hand * m + (1 - m);
    hand = hand * m + 0.5 * (1 - m);
    hand = hand * m + (1 - m);
    expect(habitScore(['kept', 'kept', 'missed', 'kept'], 1, [1, 1, 0.5, 1])).toBeCloseTo(hand, 15);
    expect(hand).toBeCloseTo(0.1675, 4);
  });

  it('a partly met "3 times a week" counts its fraction on each day of the week (f = 3/7)', () => {
    const weeks = [1, 1, 2 / 3, 1];
    const score = strengthAfter(
      weeks.map((value) => ({ value, days: 7 })),
      3 / 7,
    );
    expect(score).toBeCloseTo(
      loopDayByDay(
        weeks.flatMap((v) => Array(7).fill(v)),
        3 / 7,
      ),
      12,
    );
    expect(score).toBeCloseTo(0.5671, 4);
  });
});

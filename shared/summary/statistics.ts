import { CHECKIN_OPEN_MS, type CheckIn } from '../model/checkin.ts';

/** How one occurrence counts. `open` is still answerable; `unasked` was never prompted (downtime). */
export type Outcome = 'kept' | 'missed' | 'skipped' | 'paused' | 'unanswered' | 'open' | 'unasked';

export interface Counts {
  due: number;
  kept: number;
  missed: number;
  skipped: number;
  paused: number;
  unanswered: number;
  open: number;
}

export interface PromiseStats extends Counts {
  ref: string;
  title: string;
  shared: boolean;
  currentStreak: number;
  bestStreak: number;
  /** Habit strength in [0, 1] (Loop Habit Tracker's exponential moving average). */
  score: number;
  trend: 'up' | 'down' | 'level' | 'new';
  /** A flexible goal's period containing the window's end: its total so far against the goal. */
  goal?: { total: number; times: number; per: 'day' | 'week' | 'month'; kind: 'target' | 'limit' };
  /** Misses of the week the owner owned (OWN): they count OWNED_MISS_VALUE in the score. */
  owned: number;
}

/** How an occurrence counts at `now`, from one partner's point of view. */
export function outcomeOf(checkIn: CheckIn, now: number): Outcome {
  switch (checkIn.status) {
    case 'kept':
    case 'missed':
    case 'skipped':
    case 'paused':
      return checkIn.status;
    case 'expired':
      return 'unasked';
    default: {
      const prompts = Object.values(checkIn.promptedAt);
      if (prompts.length === 0) return 'unasked';
      const lastPrompt = Math.max(...prompts.map((p) => Date.parse(p)));
      return now - lastPrompt >= CHECKIN_OPEN_MS ? 'unanswered' : 'open';
    }
  }
}

export const emptyCounts = (): Counts => ({
  due: 0,
  kept: 0,
  missed: 0,
  skipped: 0,
  paused: 0,
  unanswered: 0,
  open: 0,
});

/** Tallies outcomes; an occurrence never asked (Kept was down) is not due. */
export function count(outcomes: Outcome[]): Counts {
  const counts = emptyCounts();
  for (const outcome of outcomes) {
    if (outcome === 'unasked') continue;
    counts.due++;
    counts[outcome]++;
  }
  return counts;
}

/** Consecutive kept occurrences; skipped and paused neither break nor extend a streak. */
export function streaks(outcomes: Outcome[]): { current: number; best: number } {
  let current = 0;
  let best = 0;
  for (const outcome of outcomes) {
    if (outcome === 'kept') {
      current++;
      best = Math.max(best, current);
    } else if (outcome === 'missed' || outcome === 'unanswered') {
      current = 0;
    }
  }
  return { current, best };
}

/** Loop Habit Tracker's daily multiplier for a habit done `frequency` times per day. */
export function dailyMultiplier(frequency: number): number {
  return 0.5 ** (Math.sqrt(frequency) / 13);
}

/**
 * One step of habit strength: a judged stretch of `days` days whose goal was reached to
 * `value` (1 kept, 0 missed, 0.5 an owned miss, 2 of 3 = 0.667 for "3 times a week").
 * Loop updates the score once a day, and a period whose goal was met counts on each of its
 * days, so one step applies the daily update `days` times: score x m^days + value x (1 - m^days).
 */
export interface StrengthStep {
  value: number;
  days: number;
}

export function strengthAfter(steps: StrengthStep[], frequency: number, start = 0): number {
  const m = dailyMultiplier(frequency);
  let score = start;
  for (const step of steps) {
    const decay = m ** step.days;
    score = score * decay + step.value * (1 - decay);
  }
  return score;
}

/** An owned miss (the "practices" OWN reply) counts half: the hook is CheckIn.strengthValue. */
export const OWNED_MISS_VALUE = 0.5;

/**
 * What one occurrence adds to habit strength, or null when it leaves strength unchanged
 * (skipped, paused, still open, never asked). A check-in may carry its own `strengthValue`
 * (an owned miss: OWNED_MISS_VALUE); otherwise kept is 1, missed and unanswered 0.
 */
export function strengthValue(outcome: Outcome, checkIn?: Pick<CheckIn, 'strengthValue'>): number | null {
  if (outcome === 'kept') return 1;
  if (outcome === 'missed' || outcome === 'unanswered') return checkIn?.strengthValue ?? 0;
  return null;
}

/**
 * Habit strength, as in Loop Habit Tracker, for a promise due `occurrencesPerDay` times a
 * day (f). Each judged occurrence stands for the 1/f days until the next one (a weekly
 * promise: 7 days), so 12 weekly promises kept are 1 - 0.5^(84 x sqrt(1/7) / 13) = 81.6%,
 * as in Loop. Skipped, paused and open occurrences leave it unchanged.
 */
export function habitScore(outcomes: Outcome[], occurrencesPerDay: number, values?: Array<number | null>): number {
  // A rule with no occurrence in the estimate's year (it has ended) keeps the daily weight.
  const frequency = occurrencesPerDay > 0 ? occurrencesPerDay : 1;
  const days = 1 / frequency;
  const steps: StrengthStep[] = [];
  outcomes.forEach((outcome, i) => {
    const value = values ? values[i] : strengthValue(outcome);
    if (value !== null && value !== undefined) steps.push({ value, days });
  });
  return strengthAfter(steps, frequency);
}

/** Kept among the answered-or-expired ones (skips, pauses and open ones aside); null if none. */
export function keptRate(counts: Counts): number | null {
  const judged = counts.kept + counts.missed + counts.unanswered;
  return judged === 0 ? null : counts.kept / judged;
}

export function trendOf(thisWeek: Counts, lastWeek: Counts): PromiseStats['trend'] {
  const now = keptRate(thisWeek);
  const before = keptRate(lastWeek);
  if (now === null || before === null) return 'new';
  if (Math.abs(now - before) < 1e-9) return 'level';
  return now > before ? 'up' : 'down';
}

/**
 * One promise's week: counts for [weekStart, weekEnd), and streaks and score over all of
 * its history up to weekEnd. `history` is every check-in of this promise, in any order.
 */
export function promiseStats(
  history: CheckIn[],
  range: { weekStart: number; weekEnd: number; previousWeekStart: number },
  occurrencesPerDay: number,
  now: number,
): PromiseStats {
  const ordered = [...history].sort((a, b) => Date.parse(a.occurrenceAt) - Date.parse(b.occurrenceAt));
  const at = (c: CheckIn) => Date.parse(c.occurrenceAt);
  const upToEnd = ordered.filter((c) => at(c) < range.weekEnd);
  const outcomes = upToEnd.map((c) => outcomeOf(c, now));
  const inWeek = count(upToEnd.filter((c) => at(c) >= range.weekStart).map((c) => outcomeOf(c, now)));
  const lastWeek = count(
    upToEnd.filter((c) => at(c) >= range.previousWeekStart && at(c) < range.weekStart).map((c) => outcomeOf(c, now)),
  );
  const { current, best } = streaks(outcomes);
  const first = ordered[0];
  return {
    ref: first?.ref ?? '',
    title: ordered.at(-1)?.title ?? '',
    shared: first?.ownerId === 'both',
    ...inWeek,
    currentStreak: current,
    bestStreak: best,
    score: habitScore(
      outcomes,
      occurrencesPerDay,
      upToEnd.map((c, i) => strengthValue(outcomes[i]!, c)),
    ),
    trend: trendOf(inWeek, lastWeek),
    owned: upToEnd.filter((c) => at(c) >= range.weekStart && c.ownedAt).length,
  };
}

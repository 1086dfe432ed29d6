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

/**
 * Habit strength, as in Loop Habit Tracker: after each due occurrence,
 * score = score x m + v x (1 - m), m = 0.5^(sqrt(f) / 13), f = occurrences per day,
 * v = 1 for kept, 0 for missed or unanswered; skipped and paused leave it unchanged.
 */
export function habitScore(outcomes: Outcome[], occurrencesPerDay: number): number {
  const m = 0.5 ** (Math.sqrt(occurrencesPerDay) / 13);
  let score = 0;
  for (const outcome of outcomes) {
    if (outcome === 'kept') score = score * m + (1 - m);
    else if (outcome === 'missed' || outcome === 'unanswered') score = score * m;
  }
  return score;
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
    score: habitScore(outcomes, occurrencesPerDay),
    trend: trendOf(inWeek, lastWeek),
  };
}

import type { CheckIn } from '../model/checkin.ts';
import type { Goal } from '../model/plan.ts';
import { floatingMs, toInstant, toLocal } from '../schedule/zoned-time.ts';
import { DAY_MS } from '../util/time.ts';
import { outcomeOf, strengthAfter, type StrengthStep } from './statistics.ts';
import { addLocalDays, weekStart } from './week.ts';

/** A flexible goal: at least (`target`) or at most (`limit`) `times` per day, week or month. */
export interface GoalRule extends Goal {
  kind: 'target' | 'limit';
}

/** The local day, week (Monday to Sunday) or month containing `at`, as instants [start, end). */
export function periodOf(at: number, zone: string, per: Goal['per']): { start: number; end: number } {
  const local = toLocal(at, zone);
  if (per === 'week') {
    const start = weekStart(at, zone);
    return { start, end: addLocalDays(start, 7, zone) };
  }
  if (per === 'day') {
    const start = toInstant({ ...local, hour: 0, minute: 0 }, zone);
    return { start, end: addLocalDays(start, 1, zone) };
  }
  const first = { ...local, day: 1, hour: 0, minute: 0 };
  const next = local.month === 12 ? { ...first, year: local.year + 1, month: 1 } : { ...first, month: local.month + 1 };
  return { start: toInstant(first, zone), end: toInstant(next, zone) };
}

/** Local days in a period (a DST day still counts as one day). */
const daysIn = (period: { start: number; end: number }, zone: string) =>
  Math.round((floatingMs(toLocal(period.end, zone)) - floatingMs(toLocal(period.start, zone))) / DAY_MS);

/** How much one answered check-in counts toward its period: its number, or 1 for a Y. */
export const countOf = (c: CheckIn) => c.count ?? (c.status === 'kept' ? 1 : 0);

/**
 * How far a period's total reached its goal, as Loop Habit Tracker scores it: a target is
 * min(1, total / times); a limit is 1 within it, falling to 0 at twice the limit (a limit
 * of 0: 1 only when the total is 0).
 */
export function goalValue(goal: GoalRule, total: number): number {
  if (goal.kind === 'target') return Math.min(1, total / goal.times);
  if (goal.times === 0) return total > 0 ? 0 : 1;
  return Math.min(1, Math.max(0, 1 - (total - goal.times) / goal.times));
}

/** Loop's frequency for the goal: a target is `times` per period; a limit is judged once per period. */
export const goalFrequency = (goal: GoalRule) =>
  (goal.kind === 'target' ? goal.times : 1) / { day: 1, week: 7, month: 30 }[goal.per];

export interface GoalStats {
  score: number;
  currentStreak: number;
  bestStreak: number;
  /** The period containing `until`: its total so far, against the goal. */
  progress: { total: number; times: number; per: Goal['per']; kind: GoalRule['kind'] };
}

/**
 * Strength and streaks of a flexible goal, period by period up to `until`: a period counts
 * on each of its days (strength steps of the period's length) once it has ended, or as soon
 * as a target is met. A period with nothing asked, or only skips and pauses, leaves both
 * unchanged. A streak is consecutive periods whose goal was met.
 */
export function goalStats(history: CheckIn[], goal: GoalRule, zone: string, until: number, now: number): GoalStats {
  const periods = new Map<number, { end: number; total: number; judged: number }>();
  for (const c of history) {
    const at = Date.parse(c.occurrenceAt);
    if (at >= until) continue;
    const period = periodOf(at, zone, goal.per);
    const entry = periods.get(period.start) ?? { end: period.end, total: 0, judged: 0 };
    const outcome = outcomeOf(c, now);
    if (outcome !== 'skipped' && outcome !== 'paused' && outcome !== 'unasked') entry.judged++;
    entry.total += countOf(c);
    periods.set(period.start, entry);
  }
  const steps: StrengthStep[] = [];
  let current = 0;
  let best = 0;
  for (const [start, p] of [...periods.entries()].sort((a, b) => a[0] - b[0])) {
    const value = goalValue(goal, p.total);
    const met = value >= 1;
    const decided = p.end <= until || (goal.kind === 'target' && met);
    if (!decided || p.judged === 0) continue;
    steps.push({ value, days: daysIn({ start, end: p.end }, zone) });
    current = met ? current + 1 : 0;
    best = Math.max(best, current);
  }
  const latest = periodOf(until - 1, zone, goal.per);
  const total = periods.get(latest.start)?.total ?? 0;
  return {
    score: strengthAfter(steps, goalFrequency(goal)),
    currentStreak: current,
    bestStreak: best,
    progress: { total, times: goal.times, per: goal.per, kind: goal.kind },
  };
}

import type { CheckIn } from '../model/checkin.ts';
import { goalStats, type GoalRule, type GoalStats } from './goal-periods.ts';
import { promiseStats, type PromiseStats } from './statistics.ts';
import type { OthersStats } from '../privacy/partner-view.ts';

export interface WeeklySummary {
  partnerName: string;
  otherName?: string;
  share: 'kept-only' | 'all';
  weekStart: number;
  weekEnd: number;
  zone: string;
  own: PromiseStats[];
  rituals: PromiseStats[];
  /** The other partner's commitments: kept counts (and the rest only when the pair shares all; see summaryView). */
  other: OthersStats[];
  /** `due` is left out under kept-only: with `kept` it would give away the other's misses. */
  couple: { kept: number; due?: number };
  thanks: { sent: number; received: number };
  prompt: string;
  /** Weekly pulses (0-10), oldest first, up to this window: the reader's own, and the other's only when shared. */
  pulse?: { mine: number[]; theirs?: number[] };
}

export interface SummaryInput {
  partnerId: string;
  partnerName: string;
  otherId?: string;
  otherName?: string;
  share: 'kept-only' | 'all';
  zone: string;
  checkIns: CheckIn[];
  /** Occurrences per day of each promise, by ref ("commitment:lunch-call"). */
  frequencies: Record<string, number>;
  /** Flexible goals ("3 times a week"), by ref: their strength and streaks go by period. */
  goals?: Record<string, GoalRule>;
  weekStart: number;
  weekEnd: number;
  previousWeekStart: number;
  now: number;
}

/** Conversation prompts; one is chosen to fit the week. */
export const PROMPTS = {
  nothingYet: 'What small promise would you like to make each other for next week?',
  allKept: 'What made this week work? Tell each other one thing you noticed.',
  misses: 'What got in the way this week, and what would help next week?',
  unanswered: 'Would a different check-in time suit you better? Talk it over and change it together.',
  rising: 'Your consistency is growing. What is one thing you appreciate about how your partner showed up?',
} as const;

function choosePrompt(own: PromiseStats[], rituals: PromiseStats[]): string {
  const all = [...own, ...rituals];
  const sum = (f: (s: PromiseStats) => number) => all.reduce((n, s) => n + f(s), 0);
  if (sum((s) => s.due) === 0) return PROMPTS.nothingYet;
  if (sum((s) => s.unanswered) > sum((s) => s.missed) && sum((s) => s.unanswered) >= 2) return PROMPTS.unanswered;
  if (sum((s) => s.missed + s.unanswered) > 0) return PROMPTS.misses;
  if (all.some((s) => s.trend === 'up')) return PROMPTS.rising;
  return PROMPTS.allKept;
}

/** A promise with a flexible goal: Loop's numerator/denominator rules replace the per-occurrence ones. */
function withGoal(
  stats: PromiseStats,
  history: CheckIn[],
  input: SummaryInput,
): PromiseStats & { goal?: GoalStats['progress'] } {
  const goal = input.goals?.[stats.ref];
  if (!goal) return stats;
  const { score, currentStreak, bestStreak, progress } = goalStats(history, goal, input.zone, input.weekEnd, input.now);
  return { ...stats, score, currentStreak, bestStreak, goal: progress };
}

/** One partner's week, from the pair's check-ins. Pure: the tests feed it hand-made weeks. */
export function summarize(input: SummaryInput): WeeklySummary {
  const byRef = new Map<string, CheckIn[]>();
  for (const c of input.checkIns) byRef.set(c.ref, [...(byRef.get(c.ref) ?? []), c]);
  const range = { weekStart: input.weekStart, weekEnd: input.weekEnd, previousWeekStart: input.previousWeekStart };
  const stats = (owner: string) =>
    [...byRef.values()]
      .filter((history) => history[0]!.ownerId === owner)
      .map((history) =>
        withGoal(promiseStats(history, range, input.frequencies[history[0]!.ref] ?? 1, input.now), history, input),
      )
      .filter((s) => s.due > 0 || s.currentStreak > 0)
      .sort((a, b) => a.title.localeCompare(b.title));
  const own = stats(input.partnerId);
  const rituals = stats('both');
  const other = input.otherId ? stats(input.otherId) : [];
  const inWeek = (iso: string | undefined) =>
    iso !== undefined && Date.parse(iso) >= input.weekStart && Date.parse(iso) < input.weekEnd;
  // Thanks for what was kept (a thanks for an owned miss is not a kept promise).
  const thanked = input.checkIns.filter((c) => inWeek(c.thankedAt) && c.status === 'kept');
  const all = [...own, ...rituals, ...other];
  return {
    partnerName: input.partnerName,
    otherName: input.otherName,
    share: input.share,
    weekStart: input.weekStart,
    weekEnd: input.weekEnd,
    zone: input.zone,
    own,
    rituals,
    other,
    couple: { kept: all.reduce((n, s) => n + s.kept, 0), due: all.reduce((n, s) => n + s.due, 0) },
    thanks: {
      received: thanked.filter((c) => c.ownerId === input.partnerId).length,
      sent: thanked.filter((c) => c.ownerId === input.otherId).length,
    },
    prompt: choosePrompt(own, rituals),
  };
}

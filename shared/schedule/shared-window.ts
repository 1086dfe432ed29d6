import type { ScheduleSpec } from '../model/schedule.ts';
import type { Plan } from '../model/plan.ts';
import { addLocalDays } from '../summary/week.ts';
import { parseClock, toInstant, toLocal } from './zoned-time.ts';

export interface SharedWindow {
  from: string; // HH:MM local, for each partner in their own zone
  to: string; // HH:MM local; earlier than `from` means the window runs past midnight
}

/** Kinds that go to both partners: placed where both are awake when the pair set a shared window. */
export const SHARED_KINDS: ReadonlySet<string> = new Set(['ritual-reminder', 'ritual-checkin', 'conversation-prompt']);

type Interval = [number, number];

/** The window's stretches in one zone around `at`: from the local day before to three days after. */
function windowIntervals(at: number, zone: string, window: SharedWindow): Interval[] {
  const from = parseClock(window.from);
  const to = parseClock(window.to);
  const wraps = to.hour * 60 + to.minute <= from.hour * 60 + from.minute;
  const local = toLocal(at, zone);
  const intervals: Interval[] = [];
  for (let d = -1; d <= 3; d++) {
    const day = toLocal(addLocalDays(toInstant({ ...local, hour: 12, minute: 0 }, zone), d, zone), zone);
    const start = toInstant({ ...day, ...from }, zone);
    const endDay = wraps ? toLocal(addLocalDays(toInstant({ ...day, hour: 12, minute: 0 }, zone), 1, zone), zone) : day;
    intervals.push([start, toInstant({ ...endDay, ...to }, zone)]);
  }
  return intervals;
}

/** The earliest instant at or after `at` inside one of the intervals. */
function firstInside(at: number, intervals: Interval[]): number | null {
  let best: number | null = null;
  for (const [start, end] of intervals) {
    if (end <= at) continue;
    const candidate = Math.max(at, start);
    if (best === null || candidate < best) best = candidate;
  }
  return best;
}

/**
 * Where a message to both partners goes: the first instant at or after `at` when both local
 * clocks are inside the window. When the two windows never overlap (zones far apart), each
 * partner gets it at the start of their own window (or at once, inside it).
 */
export function placeInSharedWindow(
  at: number,
  recipientZone: string,
  partnerZone: string,
  window: SharedWindow,
): number {
  const mine = windowIntervals(at, recipientZone, window);
  const theirs = windowIntervals(at, partnerZone, window);
  const overlaps: Interval[] = [];
  for (const [a1, a2] of mine)
    for (const [b1, b2] of theirs)
      if (Math.max(a1, b1) < Math.min(a2, b2)) overlaps.push([Math.max(a1, b1), Math.min(a2, b2)]);
  return firstInside(at, overlaps) ?? firstInside(at, mine) ?? at;
}

/** Marks the schedules that go to both partners with the pair's shared window and the other partner's zone. */
export function withSharedWindow(plan: Plan, specs: ScheduleSpec[]): ScheduleSpec[] {
  const window = plan.pair.sharedWindow;
  if (!window) return specs;
  return specs.map((spec) => {
    const other = plan.partners.find((p) => p.id !== spec.recipientId);
    if (!SHARED_KINDS.has(spec.kind) || !other) return spec;
    return { ...spec, sharedWindow: window, partnerZone: other.timezone };
  });
}

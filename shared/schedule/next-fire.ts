import type { ScheduleMember, ScheduleSpec } from '../model/schedule.ts';
import { deferPastQuietHours } from './quiet-hours.ts';
import { placeInSharedWindow } from './shared-window.ts';
import { nextOccurrence, occurrencesBetween, type Recurrence } from './recurrence.ts';

export interface Firing {
  occurrenceAt: number;
  fireAt: number;
  /** Why fireAt is later than occurrenceAt (for previews). */
  deferredBy?: 'quiet hours' | 'shared window';
}

function recurrenceOf(spec: ScheduleSpec, member: ScheduleMember): Recurrence {
  return {
    rule: member.rule,
    at: spec.at,
    zone: spec.ruleZone,
    start: member.start,
    offsetMinutes: spec.offsetMinutes,
  };
}

function withDeferral(spec: ScheduleSpec, occurrenceAt: number): Firing {
  const shared =
    spec.sharedWindow && spec.partnerZone
      ? placeInSharedWindow(occurrenceAt, spec.recipientZone, spec.partnerZone, spec.sharedWindow)
      : occurrenceAt;
  const fireAt = deferPastQuietHours(shared, spec.recipientZone, spec.quietHours);
  if (fireAt === occurrenceAt) return { occurrenceAt, fireAt };
  return { occurrenceAt, fireAt, deferredBy: fireAt === shared ? 'shared window' : 'quiet hours' };
}

/** The schedule's first occurrence strictly after `afterMs` (null: it has ended). */
export function nextFiring(spec: ScheduleSpec, afterMs: number): Firing | null {
  let earliest: number | null = null;
  for (const member of spec.members) {
    const next = nextOccurrence(recurrenceOf(spec, member), afterMs);
    if (next !== null && (earliest === null || next < earliest)) earliest = next;
  }
  return earliest === null ? null : withDeferral(spec, earliest);
}

/** The members that have an occurrence at exactly this instant (for merged check-ins). */
export function membersDueAt(spec: ScheduleSpec, occurrenceAt: number): ScheduleMember[] {
  return spec.members.filter((member) => nextOccurrence(recurrenceOf(spec, member), occurrenceAt - 1) === occurrenceAt);
}

/** Every firing in [fromMs, untilMs) (for previews and calendars). */
export function firingsBetween(spec: ScheduleSpec, fromMs: number, untilMs: number): Firing[] {
  const instants = new Set<number>();
  for (const member of spec.members) {
    for (const instant of occurrencesBetween(recurrenceOf(spec, member), fromMs, untilMs)) instants.add(instant);
  }
  return [...instants].sort((a, b) => a - b).map((instant) => withDeferral(spec, instant));
}

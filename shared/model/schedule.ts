import type { MessageKind } from './message.ts';
import type { QuietHours } from './plan.ts';

/** One rule contributing occurrences to a schedule (a commitment, a ritual, an affirmation). */
export interface ScheduleMember {
  ref: string; // "commitment:lunch-call", "ritual:night-walk", "affirmation:morning-note"
  title: string;
  rule: string;
  start?: string;
  /** "count": the check-in asks "How many times today?" (a limit, or a target of more than once a day). */
  ask?: 'count';
}

/**
 * What makes messages of one kind for one recipient. Several commitments whose check-ins
 * fall within 15 minutes share one schedule, so they go out as one numbered message.
 * `members` is empty for a one-off message (a consent request).
 */
export interface ScheduleSpec {
  scheduleId: string;
  kind: MessageKind;
  recipientId: string;
  members: ScheduleMember[];
  at: string; // local HH:MM in `ruleZone`
  ruleZone: string;
  offsetMinutes: number;
  recipientZone: string;
  quietHours?: QuietHours; // set only when this kind defers for quiet hours
  /** A message to both partners waits until both local clocks are inside it (the pair's sharedWindow). */
  sharedWindow?: { from: string; to: string };
  /** The other partner's zone, for the shared window. */
  partnerZone?: string;
  /** Extra fields the message text needs (names, the affirmation text). */
  text: Record<string, string>;
  /** Inactive schedules are kept but not indexed as due (e.g. recipient has not consented). */
  active: boolean;
}

/** A stored schedule: its spec plus where it stands. */
export interface ScheduleState extends ScheduleSpec {
  pairId: string;
  specHash: string;
  /** The next occurrence (nominal instant), or null once finished. */
  occurrenceAt: number | null;
  /** When it should go out: the occurrence after quiet-hours deferral. */
  fireAt: number | null;
}

import type { Commitment, Partner } from '../model/plan.ts';
import type { ScheduleSpec } from '../model/schedule.ts';

/**
 * A reminder to the owner before a personal promise: at `remind` (local), or `remindBefore`
 * minutes before `due`, on each day the promise is due. Held for the owner's quiet hours
 * like a check-in; the owner can answer SNOOZE.
 */
export function reminderSchedule(commitment: Commitment, owner: Partner, active: boolean): ScheduleSpec | null {
  const at = commitment.remind ?? (commitment.remindBefore !== undefined ? commitment.due : undefined);
  if (at === undefined) return null;
  const before = commitment.remind === undefined ? (commitment.remindBefore ?? 0) : 0;
  return {
    scheduleId: `reminder:${commitment.id}`,
    kind: 'reminder',
    recipientId: owner.id,
    members: [
      { ref: `commitment:${commitment.id}`, title: commitment.title, rule: commitment.repeat, start: commitment.start },
    ],
    at,
    ruleZone: owner.timezone,
    offsetMinutes: -before,
    recipientZone: owner.timezone,
    quietHours: owner.quietHours,
    text: commitment.due ? { due: commitment.due } : {},
    active,
  };
}

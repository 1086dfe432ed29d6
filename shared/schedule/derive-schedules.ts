import type { Commitment, Partner, Plan } from '../model/plan.ts';
import type { ScheduleMember, ScheduleSpec } from '../model/schedule.ts';
import { oneOffSpec } from './one-off-spec.ts';
import { reminderSchedule } from './reminder-schedules.ts';
import { withSharedWindow } from './shared-window.ts';
import { parseClock } from './zoned-time.ts';
import { conversationSchedules } from '../conversations/conversation-schedules.ts';
import { pulseSchedules } from '../practices/pulse.ts';
import { supporterSchedules } from '../supporters/supporter-delivery.ts';

/** Check-ins for one person within this many minutes go out as one numbered message. */
export const CHECKIN_MERGE_WINDOW_MINUTES = 15;

function minutesOf(hhmm: string): number {
  const { hour, minute } = parseClock(hhmm);
  return hour * 60 + minute;
}

/**
 * Groups one owner's commitments into clusters whose check-in times lie within the merge
 * window of the cluster's first; each cluster fires at its latest time, so nobody is asked
 * about a promise before its check-in time.
 */
export function clusterCheckIns(commitments: Commitment[]): Commitment[][] {
  const sorted = [...commitments].sort(
    (a, b) => minutesOf(a.checkInAt) - minutesOf(b.checkInAt) || a.id.localeCompare(b.id),
  );
  const clusters: Commitment[][] = [];
  for (const commitment of sorted) {
    const current = clusters.at(-1);
    if (current && minutesOf(commitment.checkInAt) - minutesOf(current[0]!.checkInAt) < CHECKIN_MERGE_WINDOW_MINUTES) {
      current.push(commitment);
    } else {
      clusters.push([commitment]);
    }
  }
  return clusters;
}

const isActive = (partner: Partner) => partner.consent === 'confirmed';

/**
 * The check-in wording rule: "How many times today?" when one day can count more than once
 * toward the goal (a `limit`, or a `target` per day above 1); otherwise "Did you ... today?",
 * and each Y counts once toward a target.
 */
export const asksHowMany = (c: Commitment) => c.limit !== undefined || (c.target?.per === 'day' && c.target.times > 1);

/** Turns a validated plan into the schedules that produce its messages. */
export function deriveSchedules(plan: Plan): ScheduleSpec[] {
  const partners = new Map(plan.partners.map((p) => [p.id, p]));
  const partnerOf = (id: string) => partners.get(id)!;
  const other = (id: string) => plan.partners.find((p) => p.id !== id);
  const pairZone = plan.partners[0]!.timezone;
  const specs: ScheduleSpec[] = [];

  for (const partner of plan.partners) {
    if (partner.consent === 'pending') {
      specs.push(
        oneOffSpec('consent-request', partner, {
          inviterName: other(partner.id)?.name ?? '',
          pairName: plan.pair.name,
        }),
      );
    }
    const own = plan.commitments.filter((c) => c.owner === partner.id);
    for (const commitment of own) {
      const reminder = reminderSchedule(commitment, partner, isActive(partner));
      if (reminder) specs.push(reminder);
    }
    // A counting check-in is answered with a number, so it is never merged into a numbered one.
    // The partner's own check-in at `at`, in their zone and quiet hours; `suffix` tells apart one that is not merged.
    const checkIn = (at: string, members: ScheduleMember[], suffix = ''): ScheduleSpec => ({
      scheduleId: `checkin:${partner.id}:${at.replace(':', '')}${suffix}`,
      kind: 'checkin',
      recipientId: partner.id,
      members,
      at,
      ruleZone: partner.timezone,
      offsetMinutes: 0,
      recipientZone: partner.timezone,
      quietHours: partner.quietHours,
      text: {},
      active: isActive(partner),
    });
    for (const commitment of own.filter(asksHowMany)) {
      const member: ScheduleMember = {
        ref: `commitment:${commitment.id}`,
        title: commitment.title,
        rule: commitment.repeat,
        start: commitment.start,
        ask: 'count',
      };
      specs.push(checkIn(commitment.checkInAt, [member], `:${commitment.id}`));
    }
    for (const cluster of clusterCheckIns(own.filter((c) => !asksHowMany(c)))) {
      const members = cluster.map(
        (c): ScheduleMember => ({ ref: `commitment:${c.id}`, title: c.title, rule: c.repeat, start: c.start }),
      );
      specs.push(checkIn(cluster.at(-1)!.checkInAt, members));
    }
  }

  for (const ritual of plan.rituals) {
    const member: ScheduleMember = {
      ref: `ritual:${ritual.id}`,
      title: ritual.title,
      rule: ritual.repeat,
      start: ritual.start,
    };
    for (const partner of plan.partners) {
      // Ritual reminders go at the time the partners chose together: no quiet-hours deferral.
      specs.push({
        scheduleId: `ritual-reminder:${ritual.id}:${partner.id}`,
        kind: 'ritual-reminder',
        recipientId: partner.id,
        members: [member],
        at: ritual.at,
        ruleZone: ritual.timezone ?? pairZone,
        offsetMinutes: -ritual.remindBefore,
        recipientZone: partner.timezone,
        text: { remindBefore: String(ritual.remindBefore) },
        active: isActive(partner),
      });
      // Asked afterwards: did it happen? Either partner's Y counts for both.
      specs.push({
        scheduleId: `ritual-checkin:${ritual.id}:${partner.id}`,
        kind: 'ritual-checkin',
        recipientId: partner.id,
        members: [member],
        at: ritual.at,
        ruleZone: ritual.timezone ?? pairZone,
        offsetMinutes: ritual.checkInAfter,
        recipientZone: partner.timezone,
        quietHours: partner.quietHours,
        text: {},
        active: isActive(partner),
      });
    }
  }

  for (const partner of plan.partners) {
    const settings = { day: 'SU', at: '18:00', ...plan.pair.summary, ...partner.summary };
    const channel = settings.channel ?? (partner.email ? 'email' : 'sms');
    if (channel === 'email' ? !partner.email : !partner.phone) continue;
    specs.push({
      scheduleId: `summary:${partner.id}`,
      kind: 'summary',
      recipientId: partner.id,
      members: [{ ref: 'summary', title: 'Weekly summary', rule: `FREQ=WEEKLY;BYDAY=${settings.day}` }],
      at: settings.at,
      ruleZone: partner.timezone,
      offsetMinutes: 0,
      recipientZone: partner.timezone,
      quietHours: partner.quietHours,
      text: { channel },
      active: isActive(partner),
    });
  }

  for (const affirmation of plan.affirmations) {
    const recipient = partnerOf(affirmation.to);
    specs.push({
      scheduleId: `affirmation:${affirmation.id}`,
      kind: 'affirmation',
      recipientId: recipient.id,
      members: [
        {
          ref: `affirmation:${affirmation.id}`,
          title: affirmation.text,
          rule: affirmation.repeat,
          start: affirmation.start,
        },
      ],
      at: affirmation.at,
      ruleZone: recipient.timezone,
      offsetMinutes: 0,
      recipientZone: recipient.timezone,
      quietHours: recipient.quietHours,
      text: { fromName: partnerOf(affirmation.from).name },
      active: isActive(recipient),
    });
  }
  specs.push(...conversationSchedules(plan), ...pulseSchedules(plan), ...supporterSchedules(plan));
  return withSharedWindow(plan, specs);
}

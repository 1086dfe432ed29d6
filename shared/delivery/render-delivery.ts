import type { ScheduleState } from '../model/schedule.ts';
import {
  affirmationText,
  checkInText,
  countCheckInText,
  consentRequestText,
  welcomeText,
  ritualCheckInText,
  reminderText,
  ritualReminderText,
  type RenderedText,
} from '../messages/texts.ts';
import { membersDueAt } from '../schedule/next-fire.ts';
import { formatLocal } from '../schedule/zoned-time.ts';

/** The text of one occurrence of a schedule, and which commitments/rituals it is about. */
export function renderOccurrence(
  schedule: ScheduleState,
  occurrenceAt: number,
): RenderedText & { refs: string[]; titles: string[] } {
  const members = schedule.members.length > 1 ? membersDueAt(schedule, occurrenceAt) : schedule.members;
  const refs = members.map((m) => m.ref);
  const titles = members.map((m) => m.title);
  switch (schedule.kind) {
    case 'checkin':
      if (members.length === 1 && members[0]!.ask === 'count') return { ...countCheckInText(titles[0]!), refs, titles };
      return { ...checkInText(titles), refs, titles };
    case 'ritual-checkin':
      return { ...ritualCheckInText(titles[0]!), refs, titles };
    case 'ritual-reminder': {
      const minutesBefore = -schedule.offsetMinutes;
      const ritualAt = occurrenceAt + minutesBefore * 60_000;
      const localTime = formatLocal(ritualAt, schedule.recipientZone).slice(11);
      return { ...ritualReminderText(titles[0]!, localTime, minutesBefore), refs, titles };
    }
    case 'reminder': {
      // `due` is the owner's local time, the zone the reminder is reckoned in.
      const due = schedule.text.due ? { localTime: schedule.text.due, minutesBefore: -schedule.offsetMinutes } : null;
      return { ...reminderText(titles[0]!, due), refs, titles };
    }
    case 'affirmation':
      return { ...affirmationText(schedule.text.fromName ?? '', titles[0]!), refs, titles };
    case 'consent-request':
      return { ...consentRequestText(schedule.text.inviterName ?? '', schedule.text.pairName ?? ''), refs, titles };
    case 'welcome':
      return { ...welcomeText(schedule.text.name ?? '', schedule.text.partnerName ?? ''), refs, titles };
    case 'summary':
      // Written when it is sent, from the week's check-ins (see send.ts).
      return { body: '', subject: 'Your week with Kept', refs, titles };
    case 'pulse-question':
    case 'conversation-prompt':
      // Written when sent (practices/content-at-send.ts): a conversation's prompt is the same for both.
      return { body: '', subject: 'A question for you both', refs, titles };
    case 'supporter-summary':
      // Written when sent (supporters/supporter-delivery.ts), from the week's kept counts only.
      return { body: '', subject: 'A week with Kept', refs, titles };
    default:
      throw new Error(`no renderer for scheduled kind ${schedule.kind}`);
  }
}

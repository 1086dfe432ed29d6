import type { ScheduleState } from '../model/schedule.ts';
import { nextOccurrence } from '../schedule/recurrence.ts';
import { DAY_MS } from '../util/time.ts';

/** When a partner's weekly summary goes out: a weekday and a local time. */
export interface SummaryTime {
  rule: string; // "FREQ=WEEKLY;BYDAY=SU"
  at: string; // HH:MM local
}

export const DEFAULT_SUMMARY_TIME: SummaryTime = { rule: 'FREQ=WEEKLY;BYDAY=SU', at: '18:00' };

/** The summary time a stored summary schedule uses (the default when the partner has none). */
export function summaryTimeOf(schedule: ScheduleState | null): SummaryTime {
  const rule = schedule?.members[0]?.rule;
  return rule && schedule ? { rule, at: schedule.at } : DEFAULT_SUMMARY_TIME;
}

/**
 * The summary window containing `at`: from the previous summary up to the next one (or the
 * one at `at` exactly), [start, end). A summary counts every occurrence since the previous
 * summary, so an occurrence after Sunday's summary goes into next week's and none is lost;
 * one still unanswered when the summary is written is shown as "still open".
 */
export function summaryWindow(at: number, zone: string, time: SummaryTime): { start: number; end: number } {
  const recurrence = { rule: time.rule, at: time.at, zone };
  const end = nextOccurrence(recurrence, at - 1) ?? at;
  const start = nextOccurrence(recurrence, end - 8 * DAY_MS) ?? end - 7 * DAY_MS;
  return { start, end };
}

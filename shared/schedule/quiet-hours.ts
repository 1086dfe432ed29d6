import { floatingMs, fromFloatingMs, parseClock, toInstant, toLocal, type LocalDateTime } from './zoned-time.ts';

export interface QuietHours {
  from: string; // HH:MM local
  to: string; // HH:MM local, may be earlier than `from` (the window wraps midnight)
}

const DAY_MS = 86_400_000;

function minutesOfDay(hhmm: string): number {
  const { hour, minute } = parseClock(hhmm);
  return hour * 60 + minute;
}

/** True when the local time falls inside the quiet window [from, to). */
export function isQuiet(local: LocalDateTime, quiet: QuietHours): boolean {
  const now = local.hour * 60 + local.minute;
  const from = minutesOfDay(quiet.from);
  const to = minutesOfDay(quiet.to);
  if (from === to) return false;
  return from < to ? now >= from && now < to : now >= from || now < to;
}

/**
 * Moves an instant that falls in the recipient's quiet hours to the end of that
 * quiet window. Quiet hours defer a message; they never drop it.
 */
export function deferPastQuietHours(instantMs: number, zone: string, quiet: QuietHours | undefined): number {
  if (!quiet) return instantMs;
  const local = toLocal(instantMs, zone);
  if (!isQuiet(local, quiet)) return instantMs;
  const end = parseClock(quiet.to);
  const sameDayEnd = toInstant({ ...local, hour: end.hour, minute: end.minute }, zone);
  if (sameDayEnd > instantMs) return sameDayEnd;
  // The window wraps midnight and we are before it: it ends on the next local day.
  const tomorrow = fromFloatingMs(floatingMs({ ...local, hour: 0, minute: 0 }) + DAY_MS);
  return toInstant({ ...tomorrow, hour: end.hour, minute: end.minute }, zone);
}

import { floatingMs, fromFloatingMs, toInstant, toLocal } from '../schedule/zoned-time.ts';
import { DAY_MS } from '../util/time.ts';

/** Monday 00:00 of the week containing `at`, in the zone (weeks run Monday to Sunday). */
export function weekStart(at: number, zone: string): number {
  const local = toLocal(at, zone);
  const weekday = (new Date(Date.UTC(local.year, local.month - 1, local.day)).getUTCDay() + 6) % 7; // Monday 0
  return toInstant(fromFloatingMs(floatingMs({ ...local, hour: 0, minute: 0 }) - weekday * DAY_MS), zone);
}

/** The instant `days` local days after `instant` (DST-aware: a week is not always 168 hours). */
export function addLocalDays(instant: number, days: number, zone: string): number {
  return toInstant(fromFloatingMs(floatingMs(toLocal(instant, zone)) + days * DAY_MS), zone);
}

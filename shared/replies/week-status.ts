import type { CheckIn } from '../model/checkin.ts';
import { floatingMs, fromFloatingMs, toInstant, toLocal } from '../schedule/zoned-time.ts';
import { DAY_MS } from '../util/time.ts';

/** Monday 00:00 of the week containing `at`, in the zone (weeks run Monday to Sunday). */
export function weekStart(at: number, zone: string): number {
  const local = toLocal(at, zone);
  const weekday = (new Date(Date.UTC(local.year, local.month - 1, local.day)).getUTCDay() + 6) % 7; // Monday 0
  const monday = fromFloatingMs(floatingMs({ ...local, hour: 0, minute: 0 }) - weekday * DAY_MS);
  return toInstant(monday, zone);
}

const short = (title: string) => (title.length > 24 ? `${title.slice(0, 23)}.` : title);

/** "This week: Call Alex at lunch 3/4 kept; Night walk 1/2 done." Counts only what was asked. */
export function weekStatusText(checkIns: CheckIn[], partnerId: string): string {
  const mine = checkIns.filter((c) => (c.ownerId === partnerId || c.ownerId === 'both') && c.status !== 'paused' && c.status !== 'expired' && c.status !== 'skipped');
  if (mine.length === 0) return 'This week so far: nothing asked yet. Your check-ins will show here.';
  const byRef = new Map<string, { title: string; kept: number; due: number; shared: boolean }>();
  for (const c of mine) {
    const row = byRef.get(c.ref) ?? { title: c.title, kept: 0, due: 0, shared: c.ownerId === 'both' };
    row.due++;
    if (c.status === 'kept') row.kept++;
    byRef.set(c.ref, row);
  }
  const parts = [...byRef.values()].map((r) => `${short(r.title)} ${r.kept}/${r.due} ${r.shared ? 'done' : 'kept'}`);
  return `This week so far: ${parts.join('; ')}.`;
}

import { listCheckIns } from '../store/checkin-repository.ts';
import { getPairItem, listDefinitions } from '../store/pair-repository.ts';
import { listPartners } from '../store/partner-repository.ts';
import type { Store } from '../store/store.ts';
import { occurrencesPerDay } from '../schedule/recurrence.ts';
import { floatingMs, fromFloatingMs, toInstant, toLocal } from '../schedule/zoned-time.ts';
import { weekStart as startOfWeek } from '../replies/week-status.ts';
import { DAY_MS } from '../util/time.ts';
import { summarize, type WeeklySummary } from './summarize.ts';

/** The instant `days` local days after `instant` (DST-aware: a week is not always 168 hours). */
function addLocalDays(instant: number, days: number, zone: string): number {
  return toInstant(fromFloatingMs(floatingMs(toLocal(instant, zone)) + days * DAY_MS), zone);
}

/** A partner's week (Monday to Sunday in their zone) containing `at`, from the store. */
export async function buildWeeklySummary(store: Store, pairId: string, partnerId: string, at: number): Promise<WeeklySummary | null> {
  const partners = await listPartners(store, pairId);
  const partner = partners.find((p) => p.partnerId === partnerId);
  if (!partner) return null;
  const other = partners.find((p) => p.partnerId !== partnerId);
  const pair = await getPairItem(store, pairId);
  const weekStart = startOfWeek(at, partner.timezone);
  const weekEnd = addLocalDays(weekStart, 7, partner.timezone);
  const previousWeekStart = addLocalDays(weekStart, -7, partner.timezone);
  const checkIns = await listCheckIns(store, pairId, 0, weekEnd);
  const frequencies: Record<string, number> = {};
  for (const definition of await listDefinitions(store, pairId)) {
    if (definition.type === 'affirmation') continue;
    const data = definition.data as { repeat: string; checkInAt?: string; at?: string; start?: string; timezone?: string };
    const zone = data.timezone ?? partner.timezone;
    frequencies[`${definition.type}:${definition.id}`] = occurrencesPerDay({ rule: data.repeat, at: data.checkInAt ?? data.at ?? '12:00', zone, start: data.start }, weekStart);
  }
  return summarize({
    partnerId,
    partnerName: partner.name,
    otherId: other?.partnerId,
    otherName: other?.name,
    share: pair?.share === 'all' ? 'all' : 'kept-only',
    zone: partner.timezone,
    checkIns,
    frequencies,
    weekStart,
    weekEnd,
    previousWeekStart,
    now: at,
  });
}

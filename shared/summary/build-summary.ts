import { listCheckIns } from '../store/checkin-repository.ts';
import { getPairItem, listDefinitions } from '../store/pair-repository.ts';
import { listPartners } from '../store/partner-repository.ts';
import type { Store } from '../store/store.ts';
import { occurrencesPerDay } from '../schedule/recurrence.ts';
import { addLocalDays, weekStart as startOfWeek } from './week.ts';
import { summarize, type WeeklySummary } from './summarize.ts';

/**
 * A partner's weeks (Monday to Sunday in their zone) containing each of `ats`, newest first
 * as given. The pair, its definitions and its check-ins are read once for all of them.
 */
export async function buildWeeklySummaries(
  store: Store,
  pairId: string,
  partnerId: string,
  ats: number[],
): Promise<WeeklySummary[]> {
  const partners = await listPartners(store, pairId);
  const partner = partners.find((p) => p.partnerId === partnerId);
  if (!partner || ats.length === 0) return [];
  const other = partners.find((p) => p.partnerId !== partnerId);
  const zone = partner.timezone;
  // Past weeks are judged as they stand now (an old open check-in is unanswered by now).
  const now = Math.max(...ats);
  const latestEnd = addLocalDays(startOfWeek(now, zone), 7, zone);
  const [pair, definitions, checkIns] = await Promise.all([
    getPairItem(store, pairId),
    listDefinitions(store, pairId),
    listCheckIns(store, pairId, 0, latestEnd),
  ]);
  // How often each promise falls due: the habit score's "f" (an estimate over a year).
  const frequencies: Record<string, number> = {};
  for (const definition of definitions) {
    if (definition.type === 'affirmation') continue;
    const data = definition.data as {
      repeat: string;
      checkInAt?: string;
      at?: string;
      start?: string;
      timezone?: string;
    };
    frequencies[`${definition.type}:${definition.id}`] = occurrencesPerDay(
      { rule: data.repeat, at: data.checkInAt ?? data.at ?? '12:00', zone: data.timezone ?? zone, start: data.start },
      startOfWeek(ats[0]!, zone),
    );
  }
  return ats.map((at) => {
    const weekStart = startOfWeek(at, zone);
    return summarize({
      partnerId,
      partnerName: partner.name,
      otherId: other?.partnerId,
      otherName: other?.name,
      share: pair?.share === 'all' ? 'all' : 'kept-only',
      zone,
      checkIns,
      frequencies,
      weekStart,
      weekEnd: addLocalDays(weekStart, 7, zone),
      previousWeekStart: addLocalDays(weekStart, -7, zone),
      now,
    });
  });
}

/** A partner's week containing `at` (what the weekly summary message says). */
export async function buildWeeklySummary(
  store: Store,
  pairId: string,
  partnerId: string,
  at: number,
): Promise<WeeklySummary | null> {
  return (await buildWeeklySummaries(store, pairId, partnerId, [at]))[0] ?? null;
}

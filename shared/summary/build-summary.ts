import { listCheckIns } from '../store/checkin-repository.ts';
import { getPairItem, listDefinitions } from '../store/pair-repository.ts';
import { listPartners } from '../store/partner-repository.ts';
import type { Store } from '../store/store.ts';
import { getSchedule } from '../store/schedule-repository.ts';
import { occurrencesPerDay } from '../schedule/recurrence.ts';
import type { Goal } from '../model/plan.ts';
import type { GoalRule } from './goal-periods.ts';
import { summarize, type WeeklySummary } from './summarize.ts';
import { shareOf, summaryView } from '../privacy/partner-view.ts';
import { pulseHistory, withPulse } from '../practices/pulse-summary.ts';
import { summaryTimeOf, summaryWindow } from './summary-window.ts';

/**
 * A partner's summary windows (from one weekly summary to the next, in their zone) containing
 * each of `ats`, newest first as given. The pair, its definitions and its check-ins are read
 * once for all of them.
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
  const time = summaryTimeOf(await getSchedule(store, pairId, `summary:${partnerId}`));
  const windowOf = (at: number) => summaryWindow(at, zone, time);
  const [pair, definitions, checkIns] = await Promise.all([
    getPairItem(store, pairId),
    listDefinitions(store, pairId),
    listCheckIns(store, pairId, 0, windowOf(now).end),
  ]);
  // How often each promise falls due: the habit score's "f" (an estimate over a year).
  const frequencies: Record<string, number> = {};
  const goals: Record<string, GoalRule> = {};
  for (const definition of definitions) {
    if (definition.type !== 'commitment' && definition.type !== 'ritual') continue; // promises only
    const data = definition.data as {
      repeat: string;
      target?: Goal;
      limit?: Goal;
      checkInAt?: string;
      at?: string;
      start?: string;
      timezone?: string;
    };
    if (data.target) goals[`${definition.type}:${definition.id}`] = { ...data.target, kind: 'target' };
    if (data.limit) goals[`${definition.type}:${definition.id}`] = { ...data.limit, kind: 'limit' };
    frequencies[`${definition.type}:${definition.id}`] = occurrencesPerDay(
      { rule: data.repeat, at: data.checkInAt ?? data.at ?? '12:00', zone: data.timezone ?? zone, start: data.start },
      windowOf(ats[0]!).start,
    );
  }
  const pulses = await pulseHistory(store, pairId, definitions, windowOf(now).end);
  return ats.map((at) => {
    const window = windowOf(at);
    // Every reader (the weekly message, the API, the dashboard, preview) gets the partner view.
    const week = summaryView(
      summarize({
        partnerId,
        partnerName: partner.name,
        otherId: other?.partnerId,
        otherName: other?.name,
        share: shareOf(pair),
        zone,
        checkIns,
        frequencies,
        goals,
        weekStart: window.start,
        weekEnd: window.end,
        previousWeekStart: windowOf(window.start - 1).start,
        now,
      }),
    );
    // The pulse follows its own rule: the reader's own, the other's only when shared.
    return withPulse(week, pulses, partnerId, other?.partnerId, window.end);
  });
}

/** A partner's summary window ending at `at` or containing it (what the weekly summary message says). */
export async function buildWeeklySummary(
  store: Store,
  pairId: string,
  partnerId: string,
  at: number,
): Promise<WeeklySummary | null> {
  return (await buildWeeklySummaries(store, pairId, partnerId, [at]))[0] ?? null;
}

import type { StoredDefinition } from '../store/pair-repository.ts';
import { listPulses, type Pulse } from '../store/pulse-repository.ts';
import type { Store } from '../store/store.ts';
import type { WeeklySummary } from '../summary/summarize.ts';

/** Weeks of pulse shown as a trend. */
const TREND_WEEKS = 4;

/** The pair's answered pulses up to `until`, and who shares theirs (none read when the pair has no pulse). */
export async function pulseHistory(
  store: Store,
  pairId: string,
  definitions: StoredDefinition[],
  until: number,
): Promise<{ pulses: Pulse[]; sharers: string[] } | null> {
  const settings = definitions.find((d) => d.type === 'pulse');
  if (!settings) return null;
  const pulses = (await listPulses(store, pairId, until - 60 * 86_400_000, until)).filter((p) => p.value !== undefined);
  return { pulses, sharers: (settings.data.sharedBy as string[] | undefined) ?? [] };
}

/**
 * Adds the reader's own pulse trend to their summary, and the other partner's only when that
 * partner shares it. A private pulse never reaches the other partner's summary.
 */
export function withPulse(
  summary: WeeklySummary,
  history: { pulses: Pulse[]; sharers: string[] } | null,
  readerId: string,
  otherId: string | undefined,
  windowEnd: number,
): WeeklySummary {
  if (!history) return summary;
  const valuesOf = (partnerId: string) =>
    history.pulses
      .filter((p) => p.partnerId === partnerId && Date.parse(p.occurrenceAt) < windowEnd)
      .map((p) => p.value!)
      .slice(-TREND_WEEKS);
  const mine = valuesOf(readerId);
  const theirs = otherId && history.sharers.includes(otherId) ? valuesOf(otherId) : undefined;
  if (mine.length === 0 && !theirs?.length) return summary;
  return { ...summary, pulse: { mine, ...(theirs?.length ? { theirs } : {}) } };
}

const trend = (values: number[]) =>
  `${values.at(-1)}${values.length > 1 ? ` (the weeks before: ${values.slice(0, -1).join(', ')})` : ''}`;

/** "Your pulse (how close and safe you felt, 0-10): 7 (the weeks before: 5, 6)" */
export function pulseLines(summary: WeeklySummary): string[] {
  if (!summary.pulse) return [];
  const lines: string[] = [];
  if (summary.pulse.mine.length > 0)
    lines.push(`Your pulse (how close and safe you felt, 0-10, only you see it): ${trend(summary.pulse.mine)}`);
  if (summary.pulse.theirs?.length)
    lines.push(`${summary.otherName}'s pulse, shared with you: ${trend(summary.pulse.theirs)}`);
  return [...lines, ''];
}

export const pulseSms = (summary: WeeklySummary) =>
  summary.pulse?.mine.length ? ` Your pulse: ${summary.pulse.mine.join(', ')}.` : '';

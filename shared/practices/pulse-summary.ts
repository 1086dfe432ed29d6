import type { StoredDefinition } from '../store/pair-repository.ts';
import { pulseSharers } from './practices-plan.ts';
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
  return { pulses, sharers: pulseSharers(settings.data) };
}

const answersOf = (history: { pulses: Pulse[] }, partnerId: string) =>
  history.pulses.filter((p) => p.partnerId === partnerId && p.value !== undefined);

/**
 * What anyone but the rater may see of their pulse: nothing while they do not share it, and
 * while they do, only the answers to questions asked while they shared (each question said
 * so). Sharing is never retroactive, and stopping hides every answer again at once.
 */
export function sharedPulses(history: { pulses: Pulse[]; sharers: string[] }, raterId: string): Pulse[] | undefined {
  if (!history.sharers.includes(raterId)) return undefined;
  return answersOf(history, raterId).filter((p) => p.shared === true);
}

/**
 * The pulse rule, for the summary and the dashboard alike: the reader's own answers, and the
 * other partner's shared ones only while that partner shares (otherwise `theirs` is absent).
 */
export function visiblePulses(
  history: { pulses: Pulse[]; sharers: string[] },
  readerId: string,
  otherId: string | undefined,
): { mine: Pulse[]; theirs?: Pulse[] } {
  const theirs = otherId ? sharedPulses(history, otherId) : undefined;
  return { mine: answersOf(history, readerId), ...(theirs ? { theirs } : {}) };
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
  const visible = visiblePulses(history, readerId, otherId);
  const valuesOf = (pulses: Pulse[]) =>
    pulses
      .filter((p) => Date.parse(p.occurrenceAt) < windowEnd)
      .map((p) => p.value!)
      .slice(-TREND_WEEKS);
  const mine = valuesOf(visible.mine);
  const theirs = visible.theirs ? valuesOf(visible.theirs) : undefined;
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

import type { CheckIn } from '../model/checkin.ts';
import { count, outcomeOf } from '../summary/statistics.ts';

const short = (title: string) => (title.length > 24 ? `${title.slice(0, 23)}.` : title);

/**
 * "This week so far: Call Alex at lunch 3/4 kept; Night walk 1/2 done." Counts what was asked,
 * the way the weekly summary does; skipped and paused ones are left out.
 */
export function weekStatusText(checkIns: CheckIn[], partnerId: string, now: number): string {
  const byRef = new Map<string, CheckIn[]>();
  for (const c of checkIns)
    if (c.ownerId === partnerId || c.ownerId === 'both') byRef.set(c.ref, [...(byRef.get(c.ref) ?? []), c]);
  const parts = [...byRef.values()].flatMap((history) => {
    const counts = count(history.map((c) => outcomeOf(c, now)));
    const asked = counts.due - counts.skipped - counts.paused;
    const first = history[0]!;
    return asked === 0
      ? []
      : [`${short(first.title)} ${counts.kept}/${asked} ${first.ownerId === 'both' ? 'done' : 'kept'}`];
  });
  if (parts.length === 0) return 'This week so far: nothing asked yet. Your check-ins will show here.';
  return `This week so far: ${parts.join('; ')}.`;
}

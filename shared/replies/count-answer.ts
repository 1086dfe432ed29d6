import type { CheckIn } from '../model/checkin.ts';
import type { Goal } from '../model/plan.ts';
import { listCheckIns } from '../store/checkin-repository.ts';
import { listDefinitions } from '../store/pair-repository.ts';
import type { Store } from '../store/store.ts';
import { countOf, periodOf } from '../summary/goal-periods.ts';
import type { Answer } from './parse-reply.ts';

/**
 * How a day's number is logged: toward a target, any number above 0 is kept; under a limit
 * (at most N), a day is kept while its own number is within the limit. The period's total,
 * not the day's status, decides whether the goal was met.
 */
export function answerForCount(count: number, limit: Goal | undefined): Answer {
  if (limit) return count <= limit.times ? 'kept' : 'missed';
  return count > 0 ? 'kept' : 'missed';
}

/** The goal of the commitment a check-in is about (target or limit), if it has one. */
export async function goalOfCheckIn(
  store: Store,
  checkIn: CheckIn,
): Promise<{ goal: Goal; kind: 'target' | 'limit' } | null> {
  const id = checkIn.ref.replace(/^commitment:/, '');
  const definition = (await listDefinitions(store, checkIn.pairId)).find((d) => d.type === 'commitment' && d.id === id);
  const data = definition?.data as { target?: Goal; limit?: Goal } | undefined;
  if (data?.limit) return { goal: data.limit, kind: 'limit' };
  if (data?.target) return { goal: data.target, kind: 'target' };
  return null;
}

/**
 * "3 of 3 this week": the total so far of the period the check-in belongs to, with `logged`
 * as this check-in's count (it may not be written yet: a reply's writes go in one transaction).
 */
export async function progressText(
  store: Store,
  checkIn: CheckIn,
  goal: { goal: Goal; kind: 'target' | 'limit' },
  zone: string,
  logged: number,
): Promise<string> {
  const period = periodOf(Date.parse(checkIn.occurrenceAt), zone, goal.goal.per);
  const inPeriod = await listCheckIns(store, checkIn.pairId, period.start, period.end - 1);
  const total = inPeriod
    .filter((c) => c.ref === checkIn.ref && c.checkInKey !== checkIn.checkInKey)
    .reduce((n, c) => n + countOf(c), logged);
  return `${total} of ${goal.kind === 'limit' ? 'at most ' : ''}${goal.goal.times} this ${goal.goal.per}`;
}

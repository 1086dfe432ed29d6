import type { CheckIn } from '../model/checkin.ts';
import { iso } from '../util/time.ts';
import { checkInItemKey } from './entities/checkin.ts';
import { getCheckIn } from './checkin-repository.ts';
import { updateIf, type Store } from './store.ts';

/**
 * Marks a miss as owned: the note, when, and its habit-strength value (read by the summary's
 * statistics through CheckIn.strengthValue). Once per check-in; the same note again (a retried
 * request) counts as done. Returns false when it was already owned with another note, or is
 * no longer a miss (it was changed to kept).
 */
export async function markOwned(
  store: Store,
  checkIn: CheckIn,
  note: string,
  value: number,
  now: number,
): Promise<boolean> {
  const done = await updateIf(store, {
    Key: checkInItemKey(checkIn),
    UpdateExpression: 'SET ownedAt = :at, ownNote = :note, strengthValue = :value',
    ConditionExpression: 'attribute_not_exists(ownedAt) AND #status <> :kept',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':at': iso(now), ':note': note, ':value': value, ':kept': 'kept' },
  });
  if (done) return true;
  const stored = await getCheckIn(store, checkIn.pairId, checkIn.checkInKey);
  return stored?.ownNote === note && stored.ownedAt === iso(now);
}

/** Records that the repair note went out (THANKS can answer it for a week). */
export function markRepairNoted(store: Store, checkIn: CheckIn, now: number): Promise<boolean> {
  return updateIf(store, {
    Key: checkInItemKey(checkIn),
    UpdateExpression: 'SET repairNoteAt = :at',
    ConditionExpression: 'attribute_not_exists(repairNoteAt)',
    ExpressionAttributeValues: { ':at': iso(now) },
  });
}

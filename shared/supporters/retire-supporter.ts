import { getSchedule, putSchedule } from '../store/schedule-repository.ts';
import type { Store } from '../store/store.ts';
import { contentHash } from '../util/hash.ts';

/**
 * After a removal or a no (its record written first): the weekly summary schedule stops, kept
 * inactive (out of the due index) rather than deleted, so the SMS webhook needs no delete right.
 * Applying the plan again then removes it with the definition (the supporter is held).
 */
export async function retireSupporterSchedule(store: Store, pairId: string, supporterId: string): Promise<void> {
  const schedule = await getSchedule(store, pairId, `supporter-summary:${supporterId}`);
  if (!schedule?.active) return;
  const { pairId: _p, specHash: _h, occurrenceAt: _o, fireAt: _f, ...spec } = schedule;
  const inactive = { ...spec, active: false };
  await putSchedule(store, { ...inactive, pairId, specHash: contentHash(inactive), occurrenceAt: null, fireAt: null });
}

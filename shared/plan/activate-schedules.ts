import type { ScheduleSpec, ScheduleState } from '../model/schedule.ts';
import { nextFiring } from '../schedule/next-fire.ts';
import { listSchedules, putSchedule } from '../store/schedule-repository.ts';
import type { Store } from '../store/store.ts';
import { contentHash } from '../util/hash.ts';
import { MINUTE_MS } from '../util/time.ts';
import { askPartnersWaiting } from '../supporters/supporter-requests.ts';
import { isSupporterRecipient } from '../supporters/supporter-recipient.ts';

function specOf(state: ScheduleState): ScheduleSpec {
  const { pairId: _p, specHash: _h, occurrenceAt: _o, fireAt: _f, ...spec } = state;
  return spec;
}

/**
 * Starts a partner's schedules once they consent: each waits in the store, inactive, until
 * then. The spec hash is what applying the same plan would compute, so a re-apply after
 * consent changes nothing. A partner is then asked about any supporter request waiting for
 * them (never before: no text without consent). A supporter's summary starts the same way.
 */
export async function activateSchedulesFor(
  store: Store,
  pairId: string,
  partnerId: string,
  now: number,
): Promise<number> {
  let activated = 0;
  for (const state of await listSchedules(store, pairId)) {
    if (state.recipientId !== partnerId || state.active || state.kind === 'consent-request') continue;
    const spec = { ...specOf(state), active: true };
    const firing = nextFiring(spec, Math.floor(now / MINUTE_MS) * MINUTE_MS);
    await putSchedule(store, {
      ...spec,
      pairId,
      specHash: contentHash(spec),
      occurrenceAt: firing?.occurrenceAt ?? null,
      fireAt: firing?.fireAt ?? null,
    });
    activated++;
  }
  if (!isSupporterRecipient(partnerId)) await askPartnersWaiting(store, pairId, now, partnerId);
  return activated;
}

import { planEventMessage } from '../delivery/plan-message.ts';
import type { DeliveryQueue } from '../delivery/queue.ts';
import type { PartnerRecord } from '../model/partner-state.ts';
import { listDefinitions } from '../store/pair-repository.ts';
import type { Store } from '../store/store.ts';
import { endAgreement, listAgreements } from '../store/supporter-repository.ts';
import { hasEnded } from './agreement.ts';
import { retireSupporterSchedule } from './retire-supporter.ts';
import { iso } from '../util/time.ts';
import { supporterTexts } from '../messages/supporter-texts.ts';

export interface RemovedSupporters {
  /** The supporters removed, by id and name (empty: the pair had none of them). */
  removed: Array<{ id: string; name: string }>;
}

/**
 * Either partner, alone, ends a supporter's view at any stage (asked, agreed or confirmed): the
 * SMS command SUPPORTER OFF and the dashboard both come here. `supporterIds` picks some; without
 * it every supporter goes. Order matters for a crash: the other partner is told first (the
 * notice's event key makes it go once), then the removal record is written (from then on the
 * supporter is nobody's recipient, and applying the plan again holds them), then the summary
 * schedule stops. Nothing is deleted here (the SMS webhook may not delete items): the next
 * apply of the plan drops the definition and the schedule.
 */
export async function removeSupporters(
  deps: { store: Store; queue: DeliveryQueue },
  input: { pairId: string; by: PartnerRecord; other: PartnerRecord | undefined; now: number; supporterIds?: string[] },
): Promise<RemovedSupporters> {
  const { pairId, by, other, now } = input;
  const [definitions, agreements] = await Promise.all([
    listDefinitions(deps.store, pairId),
    listAgreements(deps.store, pairId),
  ]);
  // A supporter already removed or declined (kept until the plan is applied again) is not removed twice.
  const ended = new Set(agreements.filter((a) => hasEnded(a, now)).map((a) => a.supporterId));
  const supporters = definitions.filter(
    (d) =>
      d.type === 'supporter' &&
      !ended.has(d.id) &&
      (input.supporterIds === undefined || input.supporterIds.includes(d.id)),
  );
  if (supporters.length === 0) return { removed: [] };
  const removed = supporters.map((s) => ({ id: s.id, name: String(s.data.name) }));
  if (other) {
    const text = supporterTexts.removedToOther(by.name, namesOf(removed));
    await planEventMessage(
      deps,
      {
        pairId,
        recipient: other,
        kind: 'supporter-removed',
        eventKey: removed.map((s) => s.id).join('+'),
        eventAt: now,
        body: text.body,
        subject: text.subject,
        respectQuietHours: true,
      },
      now,
    );
  }
  for (const supporter of supporters) {
    await endAgreement(
      deps.store,
      { pairId, supporterId: supporter.id, name: String(supporter.data.name) },
      by.partnerId,
      iso(now),
    );
    await retireSupporterSchedule(deps.store, pairId, supporter.id);
  }
  return { removed };
}

/** "Dr. Lee", "Dr. Lee and Jo". */
export const namesOf = (supporters: Array<{ name: string }>) => supporters.map((s) => s.name).join(' and ');

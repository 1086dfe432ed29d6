import { planEventMessage } from '../delivery/plan-message.ts';
import type { DeliveryQueue } from '../delivery/queue.ts';
import { keptNoticeText } from '../messages/reply-texts.ts';
import { CHECKIN_OPEN_MS, type CheckIn } from '../model/checkin.ts';
import type { PartnerRecord } from '../model/partner-state.ts';
import { markOnce, recordAnswer } from '../store/checkin-repository.ts';
import type { Store } from '../store/store.ts';
import type { Answer } from './parse-reply.ts';

/**
 * Logs one answer to one check-in, by text or by a link in email: the latest answer stands
 * within 24 hours, and a kept promise is shared with the other partner once. Misses never
 * are. Throws CheckInClosedError when the check-in can no longer be answered.
 */
export async function logAnswer(
  deps: { store: Store; queue: DeliveryQueue },
  who: { partner: PartnerRecord; other: PartnerRecord | undefined },
  checkIn: CheckIn,
  answer: Answer,
  now: number,
  note?: string,
): Promise<void> {
  await recordAnswer(deps.store, checkIn, who.partner.partnerId, answer, now, note, CHECKIN_OPEN_MS);
  if (answer !== 'kept' || checkIn.ownerId !== who.partner.partnerId || !who.other) return;
  const text = keptNoticeText(who.partner.name, checkIn.title);
  await planEventMessage(
    deps,
    {
      pairId: who.partner.pairId,
      recipient: who.other,
      kind: 'kept-notice',
      eventKey: `${checkIn.ref}:${who.other.partnerId}`,
      eventAt: Date.parse(checkIn.occurrenceAt),
      body: text.body,
      subject: text.subject,
      refs: [checkIn.ref],
      respectQuietHours: true,
    },
    now,
  );
  await markOnce(deps.store, checkIn, 'keptNoticeAt', now);
}

import { planEventMessage } from '../delivery/plan-message.ts';
import type { DeliveryQueue } from '../delivery/queue.ts';
import type { CheckIn } from '../model/checkin.ts';
import type { PartnerRecord } from '../model/partner-state.ts';
import type { Store } from '../store/store.ts';
import type { StagedWrites } from './staged-writes.ts';

/**
 * A notice about one check-in to one partner (a kept notice, a thanks), once per check-in and
 * sender: the check-in and who caused it make the idempotency key. Waits for quiet hours.
 */
export function planCheckInNotice(
  deps: { store: Store; queue: DeliveryQueue },
  notice: {
    kind: 'kept-notice' | 'thanks-notice';
    recipient: PartnerRecord;
    checkIn: CheckIn;
    by: string;
    text: { body: string; subject: string };
    /** Not before this instant (a kept notice waits for the answer to settle). */
    notBefore?: number;
  },
  now: number,
  staged?: StagedWrites,
): Promise<boolean> {
  return planEventMessage(
    deps,
    {
      pairId: notice.checkIn.pairId,
      recipient: notice.recipient,
      kind: notice.kind,
      eventKey: `${notice.checkIn.ref}:${notice.by}`,
      eventAt: Date.parse(notice.checkIn.occurrenceAt),
      body: notice.text.body,
      subject: notice.text.subject,
      refs: [notice.checkIn.ref],
      respectQuietHours: true,
      ...(notice.notBefore !== undefined ? { notBefore: notice.notBefore } : {}),
    },
    now,
    staged,
  );
}

import type { DeliveryQueue } from '../delivery/queue.ts';
import { practiceTexts } from '../messages/practice-texts.ts';
import { thanksNoticeText } from '../messages/reply-texts.ts';
import type { CheckIn } from '../model/checkin.ts';
import type { PartnerRecord } from '../model/partner-state.ts';
import { noticeToThankAt } from '../practices/own-miss.ts';
import { markOnce } from '../store/checkin-repository.ts';
import type { Store } from '../store/store.ts';
import { DAY_MS, iso } from '../util/time.ts';
import { planCheckInNotice } from './notices.ts';

/** A notice can be thanked for within this long after it went out. */
export const THANKS_WINDOW_MS = 7 * DAY_MS;

/**
 * Whether `thanker` may thank for this check-in of `other`: a kept notice or repair note they
 * were sent in the last 7 days, not thanked yet. A retry of the same THANKS (it crashed after
 * marking) finds its own mark, so it gives the same answer.
 */
export function canThank(c: Omit<CheckIn, 'pairId'>, otherId: string, now: number): boolean {
  const noticeAt = noticeToThankAt(c);
  return (
    c.ownerId === otherId &&
    noticeAt !== undefined &&
    (!c.thankedAt || c.thankedAt === iso(now)) &&
    noticeAt >= iso(now - THANKS_WINDOW_MS)
  );
}

/** Sends one thanks (once per check-in and sender), by text reply or from the dashboard. */
export async function sendThanks(
  deps: { store: Store; queue: DeliveryQueue },
  who: { partner: PartnerRecord; other: PartnerRecord },
  checkIn: CheckIn,
  now: number,
): Promise<void> {
  const text =
    checkIn.status === 'kept'
      ? thanksNoticeText(who.partner.name, checkIn.title)
      : practiceTexts.repairThanks(who.partner.name, checkIn.title);
  await planCheckInNotice(
    deps,
    { kind: 'thanks-notice', recipient: who.other, checkIn, by: who.partner.partnerId, text },
    now,
  );
  await markOnce(deps.store, checkIn, 'thankedAt', now);
}

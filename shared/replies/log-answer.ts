import { planCheckInNotice } from './notices.ts';
import type { DeliveryQueue } from '../delivery/queue.ts';
import { keptNoticeText } from '../messages/reply-texts.ts';
import { CHECKIN_OPEN_MS, type CheckIn } from '../model/checkin.ts';
import type { PartnerRecord } from '../model/partner-state.ts';
import { answerUpdate, recordAnswer } from '../store/checkin-repository.ts';
import type { Store } from '../store/store.ts';
import type { Answer } from './parse-reply.ts';
import type { Logger } from '../util/logger.ts';
import type { StagedWrites } from './staged-writes.ts';

/**
 * A kept notice waits this long after the answer, so that a Y corrected to N in the meantime
 * is never announced: the sender checks the answer again when the notice is due.
 */
const KEPT_NOTICE_SETTLE_MS = 10 * 60_000;

/**
 * Logs one answer to one check-in, by text or by a link in email: the latest answer stands
 * within 24 hours, and a kept promise is shared with the other partner once. Misses never
 * are. Throws CheckInClosedError when the check-in can no longer be answered. With `staged`
 * the writes are gathered for the reply's one transaction instead of made.
 */
export async function logAnswer(
  deps: { store: Store; queue: DeliveryQueue; logger?: Logger },
  who: { partner: PartnerRecord; other: PartnerRecord | undefined },
  checkIn: CheckIn,
  answer: Answer,
  now: number,
  extra: { note?: string; count?: number; staged?: StagedWrites } = {},
): Promise<void> {
  const { note, count, staged } = extra;
  if (checkIn.keptNoticeAt && checkIn.status === 'kept' && answer !== 'kept') {
    // Misses stay private: a notice still waiting is dropped at send time; one already out is
    // not corrected to the partner. Only the log says so.
    deps.logger?.info('answer changed after a kept notice; the partner is not told', {
      checkIn: checkIn.checkInKey,
      answer,
    });
  }
  const notifies = answer === 'kept' && checkIn.ownerId === who.partner.partnerId && who.other !== undefined;
  // One kept notice per check-in, however often it is answered: the answer's write marks the
  // check-in, and a marked one gets none. The notice is planned first: it only goes out if the
  // answer is still kept when it is due, so a crash between the two announces nothing untrue.
  if (notifies && !checkIn.keptNoticeAt) {
    await planCheckInNotice(
      deps,
      {
        kind: 'kept-notice',
        recipient: who.other!,
        checkIn,
        by: who.other!.partnerId, // keyed by the recipient, as before
        text: keptNoticeText(who.partner.name, checkIn.title),
        notBefore: now + KEPT_NOTICE_SETTLE_MS,
      },
      now,
      staged,
    );
  }
  const args = [checkIn, who.partner.partnerId, answer, now, note, CHECKIN_OPEN_MS, count] as const;
  if (staged) staged.add({ Update: answerUpdate(...args, { markKeptNotice: notifies }) });
  else await recordAnswer(deps.store, ...args, { markKeptNotice: notifies });
}

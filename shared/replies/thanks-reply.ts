import { replyTexts } from '../messages/reply-texts.ts';
import { noticeToThankAt } from '../practices/own-miss.ts';
import { listCheckIns } from '../store/checkin-repository.ts';
import { DAY_MS } from '../util/time.ts';
import type { ReplyContext, ReplyResult } from './reply-context.ts';
import { canThank, sendThanks, THANKS_WINDOW_MS } from './thank.ts';

/** THANKS by text: thanks the other partner for their latest kept notice or repair note not thanked yet. */
export async function thanksReply(context: ReplyContext): Promise<ReplyResult> {
  const { deps, partner, other, now } = context;
  if (!other) return { outcome: 'nothing-to-thank', reply: replyTexts.nothingToThank(undefined) };
  // A repair note can come up to 8 days after its check-in, so look back that much further.
  const recent = await listCheckIns(deps.store, partner.pairId, now - THANKS_WINDOW_MS - 10 * DAY_MS, now);
  const candidate = recent
    .filter((c) => canThank(c, other.partnerId, now))
    .sort((a, b) => noticeToThankAt(a)!.localeCompare(noticeToThankAt(b)!) || a.checkInKey.localeCompare(b.checkInKey))
    .at(-1);
  if (!candidate) return { outcome: 'nothing-to-thank', reply: replyTexts.nothingToThank(other.name) };
  await sendThanks(deps, { partner, other }, candidate, now);
  return { outcome: 'thanked', reply: replyTexts.thanksSent(other.name) };
}

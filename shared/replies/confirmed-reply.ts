import { setOptOut } from '../consent/opt-out.ts';
import { conversationTurn } from '../conversations/conversation-turn.ts';
import { replyTexts } from '../messages/reply-texts.ts';
import { snoozeTexts } from '../messages/snooze-texts.ts';
import { ownReply } from '../practices/own-reply.ts';
import { pulseTurn } from '../practices/pulse-reply.ts';
import { formatLocal } from '../schedule/zoned-time.ts';
import { listCheckIns } from '../store/checkin-repository.ts';
import { setPausedUntil } from '../store/partner-repository.ts';
import { weekStart } from '../summary/week.ts';
import { supporterOff } from '../supporters/supporter-off.ts';
import { supporterAnswerReply, supporterTurn } from '../supporters/supporter-reply.ts';
import { DAY_MS, iso } from '../util/time.ts';
import { answerCheckIns, answerCount } from './checkin-answer-reply.ts';
import type { ParsedReply } from './parse-reply.ts';
import { consentEvent, hasOpenCheckIn, type ReplyContext, type ReplyResult } from './reply-context.ts';
import { snooze } from './snooze.ts';
import { thanksReply } from './thanks-reply.ts';
import { weekStatusText } from './week-status.ts';

/** A text from a partner who has consented: a command, a check-in or pulse answer, or a conversation turn. */
export async function handleConfirmed(context: ReplyContext, parsed: ParsedReply): Promise<ReplyResult> {
  const { deps, partner } = context;
  switch (parsed.type) {
    case 'stop':
      // STOP is honoured at once; the carrier's confirmation is Twilio's, Kept sends nothing.
      await setOptOut(deps.store, partner.phone!, true, {
        ...consentEvent(context, 'confirmed'),
        status: partner.consent,
        words: parsed.word,
      });
      return { outcome: 'opted-out', reply: null };
    case 'start':
      await setOptOut(deps.store, partner.phone!, false, consentEvent(context, partner.consent));
      return { outcome: 'opted-in', reply: replyTexts.started() };
    case 'help':
      return { outcome: 'help', reply: replyTexts.help(context.other?.name, deps.supportContact) };
    case 'pause': {
      const until = context.now + parsed.days * DAY_MS;
      await setPausedUntil(deps.store, partner, iso(until));
      const local = formatLocal(until, partner.timezone);
      return { outcome: 'paused', reply: replyTexts.paused(describeDay(until, partner.timezone, local)) };
    }
    case 'bad-pause':
      return (
        (await conversationTurnFor(context, parsed)) ?? {
          outcome: 'bad-pause',
          reply: replyTexts.badPause(parsed.reason),
        }
      );
    case 'resume': {
      const paused = partner.pausedUntil !== undefined && Date.parse(partner.pausedUntil) > context.now;
      await setPausedUntil(deps.store, partner, null);
      return { outcome: 'resumed', reply: paused ? replyTexts.resumed() : replyTexts.notPaused() };
    }
    case 'snooze':
      return snooze(deps, partner, parsed.minutes, context.now);
    case 'bad-snooze':
      return (
        (await conversationTurnFor(context, parsed)) ?? { outcome: 'bad-snooze', reply: snoozeTexts.bad(parsed.reason) }
      );
    case 'status': {
      const checkIns = await listCheckIns(
        deps.store,
        partner.pairId,
        weekStart(context.now, partner.timezone),
        context.now,
      );
      return { outcome: 'status', reply: weekStatusText(checkIns, partner.partnerId, context.now) };
    }
    case 'own':
      return ownReply(context, parsed.note);
    case 'supporter-off':
      return supporterOff(context);
    case 'supporter-answer':
      return supporterAnswerReply(turnOf(context), parsed.agree);
    case 'thanks':
      return (await conversationTurnFor(context, parsed)) ?? thanksReply(context);
    case 'answer':
    case 'numbered':
    case 'in-order':
      // A bare YES or NO may answer a supporter request first (rule in supporter-reply.ts).
      return (
        (await supporterTurn(turnOf(context))) ??
        (await conversationTurnFor(context, parsed)) ??
        answerCheckIns(context, parsed)
      );
    case 'count':
      return (
        (await pulseTurn(turnOf(context), parsed.count)) ??
        (await conversationTurnFor(context, parsed)) ??
        answerCount(context, parsed.count)
      );
    default:
      return (
        (await conversationTurnFor(context, parsed)) ?? { outcome: 'not-understood', reply: replyTexts.notUnderstood() }
      );
  }
}

/** What a turn (a conversation answer, a supporter request answer, a pulse answer) needs to know of a text. */
const turnOf = (context: ReplyContext) => ({
  deps: context.deps,
  partner: context.partner,
  other: context.other,
  body: String(context.inbound.body ?? ''),
  now: context.now,
  hasOpenCheckIn: () => hasOpenCheckIn(context),
  staged: context.staged,
});

/** A text may be the answer to an open conversation prompt (rule in conversation-turn.ts and the README). */
function conversationTurnFor(context: ReplyContext, parsed: ParsedReply): Promise<ReplyResult | null> {
  return conversationTurn(turnOf(context), parsed);
}

function describeDay(until: number, zone: string, local: string): string {
  const weekday = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    weekday: 'short',
    month: 'short',
    day: 'numeric',
  }).format(until);
  return `${weekday}, ${local.slice(11)}`;
}

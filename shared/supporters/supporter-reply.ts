import { waitingConversation } from '../conversations/answer-conversation.ts';
import { supporterTexts } from '../messages/supporter-texts.ts';
import { bareYesNo } from '../replies/parse-reply.ts';
import type { TurnContext } from '../replies/turn-context.ts';
import { listAgreements, type SupporterAgreement } from '../store/supporter-repository.ts';
import { isPendingFor, RECENT_REQUEST_MS } from './agreement.ts';
import { ANSWERED_REPLIES, answerSupporterRequest, type PartnerAnswerOutcome } from './answer-request.ts';

type Result = { outcome: string; reply: string };

const nameOf = (agreement: SupporterAgreement) => agreement.name ?? agreement.supporterId;

/** Requests waiting for this partner, oldest first: a YES or NO answers the first. */
function pendingFor(agreements: SupporterAgreement[], partnerId: string, now: number) {
  return agreements
    .filter((a) => isPendingFor(a, partnerId, now))
    .sort((a, b) => a.askedAt.localeCompare(b.askedAt) || a.supporterId.localeCompare(b.supporterId));
}

/**
 * About the latest request made in the last 7 days that no longer waits for this partner:
 * they answered it already, or it ended (withdrawn, declined, run out; never saying by whom).
 */
function aboutRecent(agreements: SupporterAgreement[], partnerId: string, now: number): string | null {
  const recent = agreements
    .filter((a) => Date.parse(a.askedAt) > now - RECENT_REQUEST_MS && !isPendingFor(a, partnerId, now))
    .sort((a, b) => a.askedAt.localeCompare(b.askedAt))
    .at(-1);
  if (!recent) return null;
  return recent.answers[partnerId]
    ? supporterTexts.alreadyAnswered(nameOf(recent))
    : supporterTexts.ended(nameOf(recent));
}

/** A check-in or a conversation prompt that also waits for this partner's answer. */
async function somethingElseOpen(context: TurnContext): Promise<boolean> {
  if (await context.hasOpenCheckIn()) return true;
  const conversation = await waitingConversation(context.deps.store, context.partner.pairId, context.now);
  return conversation !== null && conversation.answers[context.partner.partnerId] === undefined;
}

/**
 * A bare YES or NO (bareYesNo: the word alone; Y and N never) from a consented partner. It
 * never answers a supporter request: it may be a reply to something else (a partner's own
 * affirmation asking "Reply YES"), and agreeing to an outsider's weekly email must be
 * unmistakable (SUPPORTER YES, the signed link or the dashboard). Rule:
 * - a request waits and nothing else does: nothing is taken, Kept says to reply SUPPORTER YES or NO;
 * - a request waits but so does a check-in or a conversation prompt: nothing is taken, Kept asks
 *   which (Y or N for the check-in, SUPPORTER YES or SUPPORTER NO for the supporter);
 * - no request waits, one was made in the last 7 days, and nothing else is open: Kept says
 *   it was answered already or is no longer open, rather than taking the word for a change of a
 *   check-in answer;
 * - otherwise null: the text goes on as a check-in or conversation answer, as before.
 * Texts other than a bare YES or NO cost no store read here.
 */
export async function supporterTurn(context: TurnContext): Promise<Result | null> {
  if (!bareYesNo(context.body)) return null;
  const { partner, now } = context;
  const agreements = await listAgreements(context.deps.store, partner.pairId);
  const pending = pendingFor(agreements, partner.partnerId, now);
  if (pending.length === 0) {
    const about = aboutRecent(agreements, partner.partnerId, now);
    if (!about || (await somethingElseOpen(context))) return null;
    return { outcome: 'supporter-request-not-waiting', reply: about };
  }
  if (await somethingElseOpen(context))
    return { outcome: 'asked-which', reply: supporterTexts.askWhich(nameOf(pending[0]!)) };
  return { outcome: 'supporter-word-needed', reply: supporterTexts.sayWhich(nameOf(pending[0]!)) };
}

/** SUPPORTER YES / SUPPORTER NO: always about a supporter request, whatever else is open. */
export async function supporterAnswerReply(context: TurnContext, agree: boolean): Promise<Result> {
  const { partner, now } = context;
  const agreements = await listAgreements(context.deps.store, partner.pairId);
  const pending = pendingFor(agreements, partner.partnerId, now);
  if (pending.length > 0) return answerFirst(context, pending, agree);
  return {
    outcome: 'supporter-request-not-waiting',
    reply: aboutRecent(agreements, partner.partnerId, now) ?? supporterTexts.nothingWaiting(),
  };
}

const REPLIES: Record<PartnerAnswerOutcome, (name: string, otherName: string | undefined) => string> = {
  ...ANSWERED_REPLIES,
  'already-answered': supporterTexts.alreadyAnswered,
  'not-waiting': supporterTexts.ended,
};

async function answerFirst(context: TurnContext, pending: SupporterAgreement[], agree: boolean) {
  const [first, next] = pending;
  const { outcome } = await answerSupporterRequest(
    context.deps,
    { pairId: first!.pairId, supporterId: first!.supporterId, requestId: first!.requestId },
    context.partner,
    agree,
    'sms',
    context.now,
  );
  const reply =
    REPLIES[outcome](nameOf(first!), context.other?.name) + (next ? supporterTexts.nextWaiting(nameOf(next)) : '');
  return { outcome: `supporter-${outcome}`, reply };
}

import { replyTexts } from '../messages/reply-texts.ts';
import { CHECKIN_OPEN_MS, type CheckIn } from '../model/checkin.ts';
import { CheckInClosedError } from '../store/checkin-repository.ts';
import { setNumbering } from '../store/partner-repository.ts';
import { answerForCount, goalOfCheckIn, progressText } from './count-answer.ts';
import { logAnswer } from './log-answer.ts';
import type { Answer, ParsedReply } from './parse-reply.ts';
import { isOpenFor, nameOf, promptedCheckIns, type ReplyContext, type ReplyResult } from './reply-context.ts';

/** Y / N / SKIP, "1Y 2N" or "YN": logs the answers to the check-ins they name, all or nothing. */
export async function answerCheckIns(
  context: ReplyContext,
  parsed: Extract<ParsedReply, { type: 'answer' | 'numbered' | 'in-order' }>,
): Promise<ReplyResult> {
  const { deps, partner } = context;
  const prompted = await promptedCheckIns(context);
  const open = prompted.filter((c) => isOpenFor(c, partner.partnerId));
  let targets: Array<{ checkIn: CheckIn; answer: Answer }>;

  if (parsed.type === 'answer') {
    if (open.length > 1) {
      // Not guessed: list them, and let the numbers in this reply mean these.
      await setNumbering(
        deps.store,
        partner,
        open.map((c) => c.checkInKey),
        context.now,
      );
      return { outcome: 'asked-which', reply: replyTexts.chooseOne(open.map((c) => c.title)) };
    }
    // One open: that one. None open: a change of mind about the latest single prompt (the latest answer stands).
    const latest = prompted.at(-1);
    const latestGroup = latest
      ? prompted.filter((c) => c.promptedAt[partner.partnerId] === latest.promptedAt[partner.partnerId])
      : [];
    const target = open[0] ?? (latestGroup.length === 1 ? latestGroup[0] : undefined);
    if (!target)
      return {
        outcome: 'nothing-open',
        reply: prompted.length > 0 ? replyTexts.badNumbers(0) : replyTexts.nothingOpen(),
      };
    targets = [{ checkIn: target, answer: parsed.answer }];
  } else {
    const numbering =
      partner.numbering && Date.parse(partner.numbering.at) >= context.now - CHECKIN_OPEN_MS
        ? partner.numbering.keys
        : open.map((c) => c.checkInKey);
    const byKey = new Map(prompted.map((c) => [c.checkInKey, c]));
    const pairs =
      parsed.type === 'numbered'
        ? parsed.answers.map((a) => ({ key: numbering[a.number - 1], answer: a.answer }))
        : parsed.answers.length === numbering.length
          ? parsed.answers.map((a, i) => ({ key: numbering[i], answer: a }))
          : [{ key: undefined, answer: 'kept' as Answer }];
    // All or nothing: a reply naming a check-in that does not exist changes nothing.
    if (pairs.some((p) => p.key === undefined || !byKey.has(p.key))) {
      return { outcome: 'bad-numbers', reply: replyTexts.badNumbers(numbering.filter((k) => byKey.has(k)).length) };
    }
    targets = pairs.map((p) => ({ checkIn: byKey.get(p.key!)!, answer: p.answer }));
  }

  const logged: Answer[] = [];
  let alreadyLogged: string | null = null;
  let closed = false;
  for (const { checkIn, answer: value } of targets) {
    try {
      await logAnswer(deps, { partner, other: context.other }, checkIn, value, context.now, {
        note: parsed.type === 'answer' ? parsed.note : undefined,
        staged: context.staged,
      });
      logged.push(value);
    } catch (error) {
      if (!(error instanceof CheckInClosedError)) throw error;
      if (checkIn.ownerId === 'both')
        alreadyLogged = replyTexts.alreadyLogged(checkIn.title, nameOf(context, checkIn.answeredBy));
      else closed = true;
    }
  }
  if (logged.length === 0)
    return { outcome: alreadyLogged ? 'already-logged' : 'closed', reply: alreadyLogged ?? replyTexts.closed() };
  const sharesWithPartner = targets.some((t) => t.answer === 'kept' && t.checkIn.ownerId === partner.partnerId);
  return {
    outcome: 'logged',
    reply:
      replyTexts.logged(logged, sharesWithPartner ? context.other?.name : undefined) +
      (closed ? ' (one had closed)' : ''),
  };
}

/** A number answers the one open check-in of a promise with a goal ("How many times today?"). */
export async function answerCount(context: ReplyContext, count: number): Promise<ReplyResult> {
  const { deps, partner } = context;
  const open = (await promptedCheckIns(context)).filter(
    (c) => isOpenFor(c, partner.partnerId) && c.ownerId === partner.partnerId,
  );
  const goal = open.length === 1 ? await goalOfCheckIn(deps.store, open[0]!) : null;
  if (!goal) return { outcome: 'not-understood', reply: replyTexts.notUnderstood() };
  const checkIn = open[0]!;
  const value = answerForCount(count, goal.kind === 'limit' ? goal.goal : undefined);
  try {
    await logAnswer(deps, { partner, other: context.other }, checkIn, value, context.now, {
      count,
      staged: context.staged,
    });
  } catch (error) {
    if (!(error instanceof CheckInClosedError)) throw error;
    return { outcome: 'closed', reply: replyTexts.closed() };
  }
  const progress = await progressText(deps.store, checkIn, goal, partner.timezone, count);
  return { outcome: 'logged', reply: `Logged ${count}: ${progress}.` };
}

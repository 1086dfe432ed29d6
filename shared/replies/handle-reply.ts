import { planEventMessage } from '../delivery/plan-message.ts';
import type { DeliveryQueue } from '../delivery/queue.ts';
import { replyTexts } from '../messages/reply-texts.ts';
import { canThank, sendThanks, THANKS_WINDOW_MS } from './thank.ts';
import { logAnswer } from './log-answer.ts';
import { CHECKIN_OPEN_MS, type CheckIn } from '../model/checkin.ts';
import type { ConsentEvent, PartnerRecord } from '../model/partner-state.ts';
import { activateSchedulesFor } from '../plan/activate-schedules.ts';
import { setOptOut } from '../consent/opt-out.ts';
import { formatLocal } from '../schedule/zoned-time.ts';
import { CheckInClosedError, listCheckIns } from '../store/checkin-repository.ts';
import { claimInbound, finishInbound } from '../store/inbound-repository.ts';
import {
  answerConsent,
  findPartnersByPhone,
  listPartners,
  setNumbering,
  setPausedUntil,
} from '../store/partner-repository.ts';
import { getPairItem } from '../store/pair-repository.ts';
import type { Store } from '../store/store.ts';
import type { Logger } from '../util/logger.ts';
import { maskPhone } from '../util/privacy.ts';
import { DAY_MS, iso } from '../util/time.ts';
import { parseReply, type Answer, type ParsedReply } from './parse-reply.ts';
import { normalizePhone } from './phone.ts';
import { weekStatusText } from './week-status.ts';
import { snooze } from './snooze.ts';
import { answerForCount, goalOfCheckIn, progressText } from './count-answer.ts';
import { snoozeTexts } from '../messages/snooze-texts.ts';
import { weekStart } from '../summary/week.ts';
import { conversationTurn } from '../conversations/conversation-turn.ts';
import { noticeToThankAt } from '../practices/own-miss.ts';
import { ownReply } from '../practices/own-reply.ts';
import { supporterOff } from '../supporters/supporter-off.ts';
import { pulseTurn } from '../practices/pulse-reply.ts';

export interface InboundSms {
  from: string;
  body: string;
  /** The provider's id (Twilio's MessageSid): a retry of the same message is handled once. */
  messageId: string;
  receivedAt: number;
  /** Twilio Advanced Opt-Out's own reading of the message, when it has one. */
  optOutType?: 'STOP' | 'START' | 'HELP';
}

export interface ReplyDeps {
  store: Store;
  queue: DeliveryQueue;
  logger: Logger;
  supportContact: string;
  defaultCountryCode?: string;
}

export interface ReplyResult {
  outcome: string;
  reply: string | null;
}

interface Context {
  deps: ReplyDeps;
  partner: PartnerRecord;
  other: PartnerRecord | undefined;
  inbound: InboundSms;
  now: number;
  /** The check-ins this partner was asked about, read once per text (see promptedCheckIns). */
  prompted?: Promise<CheckIn[]>;
}

/**
 * Handles one inbound text: finds the partner by number, logs answers, applies STOP / START /
 * PAUSE / consent, and plans the reply (kind `reply`) through the normal delivery path.
 * The webhook, `kept simulate --replies` and the local outbox page all come through here.
 */
export async function handleInboundSms(deps: ReplyDeps, inbound: InboundSms): Promise<ReplyResult> {
  const phone = normalizePhone(inbound.from, deps.defaultCountryCode);
  // A number belongs to one active pair; a declined invitation elsewhere does not answer for it.
  const found = phone ? await findPartnersByPhone(deps.store, phone) : [];
  const partner = found.find((p) => p.consent !== 'declined') ?? found[0];
  if (!partner) {
    // STOP from a number no pair knows is still kept: no pair may text it later.
    const parsed = phone ? readMessage(inbound) : null;
    if (phone && parsed?.type === 'stop')
      await setOptOut(deps.store, phone, true, {
        at: iso(inbound.receivedAt),
        status: 'declined',
        source: 'sms',
        words: parsed.word,
      });
    deps.logger.info('text from a number Kept does not know; not answered', {
      from: maskPhone(String(inbound.from ?? '')),
    });
    return { outcome: 'unknown-number', reply: null };
  }
  const seen = await claimInbound(deps.store, {
    pairId: partner.pairId,
    partnerId: partner.partnerId,
    messageId: inbound.messageId,
    body: String(inbound.body ?? ''),
    receivedAt: inbound.receivedAt,
  });
  if (seen?.status === 'done') return { outcome: 'duplicate', reply: seen.reply ?? null };

  const partners = await listPartners(deps.store, partner.pairId);
  const other = partners.find((p) => p.partnerId !== partner.partnerId);
  const context: Context = { deps, partner, other, inbound, now: inbound.receivedAt };
  const parsed = readMessage(inbound);
  const { outcome, reply } =
    partner.consent === 'confirmed'
      ? await handleConfirmed(context, parsed)
      : await handleNotYetConsented(context, parsed);
  if (reply) {
    await planEventMessage(
      deps,
      {
        pairId: partner.pairId,
        recipient: partner,
        kind: 'reply',
        eventKey: inbound.messageId,
        eventAt: inbound.receivedAt,
        body: reply,
        subject: 'Kept',
        respectQuietHours: false,
        onlyChannels: ['sms'], // answered where the text came from
      },
      context.now,
    );
  }
  await finishInbound(deps.store, partner.pairId, inbound.messageId, outcome, reply);
  return { outcome, reply };
}

function readMessage(inbound: InboundSms): ParsedReply {
  if (inbound.optOutType === 'STOP') return { type: 'stop', word: 'STOP' };
  if (inbound.optOutType === 'START') return { type: 'start' };
  if (inbound.optOutType === 'HELP') return { type: 'help' };
  return parseReply(String(inbound.body ?? ''));
}

const consentEvent = (context: Context, status: ConsentEvent['status']): ConsentEvent => ({
  at: iso(context.now),
  status,
  source: 'sms',
  words: String(context.inbound.body ?? '').slice(0, 160),
});

async function handleNotYetConsented(context: Context, parsed: ParsedReply): Promise<ReplyResult> {
  const { deps, partner } = context;
  if (parsed.type === 'answer' && parsed.answer === 'kept') {
    await answerConsent(deps.store, partner, consentEvent(context, 'confirmed'));
    // Whether or not this request was the one that changed it (a retry), the schedules start; only inactive ones are touched.
    await activateSchedulesFor(deps.store, partner.pairId, partner.partnerId, context.now);
    const pair = await getPairItem(deps.store, partner.pairId);
    return { outcome: 'consent-confirmed', reply: replyTexts.consentWelcome(String(pair?.name ?? partner.name)) };
  }
  if (parsed.type === 'stop') {
    await answerConsent(deps.store, partner, consentEvent(context, 'declined'));
    await setOptOut(deps.store, partner.phone!, true, consentEvent(context, 'declined'));
    return { outcome: 'opted-out', reply: null };
  }
  if (parsed.type === 'answer' && parsed.answer === 'missed') {
    await answerConsent(deps.store, partner, consentEvent(context, 'declined'));
    return { outcome: 'consent-declined', reply: replyTexts.consentDeclined() };
  }
  if (parsed.type === 'help')
    return { outcome: 'help', reply: replyTexts.help(context.other?.name, deps.supportContact) };
  return { outcome: 'consent-pending', reply: replyTexts.consentAsk() };
}

async function handleConfirmed(context: Context, parsed: ParsedReply): Promise<ReplyResult> {
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
    case 'thanks':
      return (await conversationTurnFor(context, parsed)) ?? thank(context);
    case 'answer':
    case 'numbered':
    case 'in-order':
      return (await conversationTurnFor(context, parsed)) ?? answer(context, parsed);
    case 'count':
      return (
        (await pulseTurn(
          {
            store: context.deps.store,
            pairId: context.partner.pairId,
            partnerId: context.partner.partnerId,
            now: context.now,
            hasOpenCheckIn: () => hasOpenCheckIn(context),
          },
          parsed.count,
        )) ??
        (await conversationTurnFor(context, parsed)) ??
        answerCount(context, parsed.count)
      );
    default:
      return (
        (await conversationTurnFor(context, parsed)) ?? { outcome: 'not-understood', reply: replyTexts.notUnderstood() }
      );
  }
}

const hasOpenCheckIn = async (context: Context) =>
  (await promptedCheckIns(context)).some((c) => isOpenFor(c, context.partner.partnerId));

/** A text may be the answer to an open conversation prompt (rule in conversation-turn.ts and the README). */
function conversationTurnFor(context: Context, parsed: ParsedReply): Promise<ReplyResult | null> {
  return conversationTurn(
    {
      deps: context.deps,
      partner: context.partner,
      other: context.other,
      body: String(context.inbound.body ?? ''),
      now: context.now,
      hasOpenCheckIn: () => hasOpenCheckIn(context),
    },
    parsed,
  );
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

/**
 * Check-ins this partner was asked about in the last 24 hours, oldest first. Read once per text:
 * deciding whether a Y answers a check-in or a conversation and then logging it share the read.
 */
function promptedCheckIns(context: Context): Promise<CheckIn[]> {
  context.prompted ??= readPromptedCheckIns(context);
  return context.prompted;
}

async function readPromptedCheckIns(context: Context): Promise<CheckIn[]> {
  const { deps, partner, now } = context;
  const recent = await listCheckIns(deps.store, partner.pairId, now - 2 * DAY_MS - CHECKIN_OPEN_MS, now);
  const cutoff = iso(now - CHECKIN_OPEN_MS);
  return recent
    .filter((c) => (c.promptedAt[partner.partnerId] ?? '') >= cutoff)
    .sort(
      (a, b) =>
        a.promptedAt[partner.partnerId]!.localeCompare(b.promptedAt[partner.partnerId]!) ||
        a.checkInKey.localeCompare(b.checkInKey),
    );
}

/** Still waiting for this partner's answer (a shared ritual already kept needs none). */
const isOpenFor = (c: CheckIn, partnerId: string) =>
  c.answers[partnerId] === undefined && !(c.ownerId === 'both' && c.status === 'kept');

async function answer(
  context: Context,
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
      await logAnswer(
        deps,
        { partner, other: context.other },
        checkIn,
        value,
        context.now,
        parsed.type === 'answer' ? parsed.note : undefined,
      );
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
async function answerCount(context: Context, count: number): Promise<ReplyResult> {
  const { deps, partner } = context;
  const open = (await promptedCheckIns(context)).filter(
    (c) => isOpenFor(c, partner.partnerId) && c.ownerId === partner.partnerId,
  );
  const goal = open.length === 1 ? await goalOfCheckIn(deps.store, open[0]!) : null;
  if (!goal) return { outcome: 'not-understood', reply: replyTexts.notUnderstood() };
  const checkIn = open[0]!;
  const value = answerForCount(count, goal.kind === 'limit' ? goal.goal : undefined);
  try {
    await logAnswer(deps, { partner, other: context.other }, checkIn, value, context.now, undefined, count);
  } catch (error) {
    if (!(error instanceof CheckInClosedError)) throw error;
    return { outcome: 'closed', reply: replyTexts.closed() };
  }
  const progress = await progressText(deps.store, checkIn, goal, partner.timezone);
  return { outcome: 'logged', reply: `Logged ${count}: ${progress}.` };
}

function nameOf(context: Context, partnerId: string | undefined): string {
  if (context.other && partnerId === context.other.partnerId) return context.other.name;
  if (partnerId === context.partner.partnerId) return 'you';
  return 'your partner';
}

async function thank(context: Context): Promise<ReplyResult> {
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

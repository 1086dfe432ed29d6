import { setOptOut } from '../consent/opt-out.ts';
import { planEventMessage } from '../delivery/plan-message.ts';
import { claimInbound, finishInbound, getInbound, inboundDonePut } from '../store/inbound-repository.ts';
import type { PartnerRecord } from '../model/partner-state.ts';
import type { Store } from '../store/store.ts';
import { type GroupWrite, WritesCancelledError, writeTogether } from '../store/write-together.ts';
import { readOnlyStore, StagedWrites, WriteOutsideStageError } from './staged-writes.ts';
import { findPartnersByPhone, listPartners } from '../store/partner-repository.ts';
import { maskPhone } from '../util/privacy.ts';
import { iso } from '../util/time.ts';
import { handleConfirmed } from './confirmed-reply.ts';
import { handleNotYetConsented } from './consent-reply.ts';
import { parseReply, type ParsedReply } from './parse-reply.ts';
import { normalizePhone } from './phone.ts';
import type { InboundSms, ReplyContext, ReplyDeps, ReplyResult } from './reply-context.ts';

export type { InboundSms, ReplyDeps, ReplyResult } from './reply-context.ts';

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
  const parsed = readMessage(inbound);
  if (canGather(deps.store, partner, parsed)) {
    const gathered = await handleGathered(deps, partner, inbound, parsed);
    if (gathered) return gathered;
  }
  return handleStepByStep(deps, partner, inbound, parsed);
}

/** The inbound record first (a retry that finds it done gets the same answer), then each write as it comes. */
async function handleStepByStep(
  deps: ReplyDeps,
  partner: PartnerRecord,
  inbound: InboundSms,
  parsed: ParsedReply,
): Promise<ReplyResult> {
  const seen = await claimInbound(deps.store, inboundInput(partner, inbound));
  if (seen?.status === 'done') return { outcome: 'duplicate', reply: seen.reply ?? null };
  const context = await replyContext(deps, partner, inbound, parsed);
  const { outcome, reply } = await dispatch(context, parsed);
  if (reply) await planReply(context, reply);
  await finishInbound(deps.store, partner.pairId, inbound.messageId, outcome, reply);
  return { outcome, reply };
}

/** Replies whose handling usually writes only what can be gathered: an answer, a count, WEEK, HELP. */
const GATHERED = new Set<ParsedReply['type']>(['answer', 'numbered', 'in-order', 'count', 'status', 'help']);

/** Gathered into one transaction where the store has them (DynamoDB, the in-process store). */
const canGather = (store: Store, partner: PartnerRecord, parsed: ParsedReply) =>
  store.transactions === true && partner.consent === 'confirmed' && GATHERED.has(parsed.type);

/**
 * Handles a text with its writes gathered and made in one transaction with the inbound record
 * (as done, with the reply), after the reads: a retry finds all of it or none. Returns null
 * when it cannot be done that way (a write that cannot be gathered, a condition that no longer
 * holds); the caller then handles the text step by step, from fresh reads.
 */
async function handleGathered(
  deps: ReplyDeps,
  partner: PartnerRecord,
  inbound: InboundSms,
  parsed: ParsedReply,
): Promise<ReplyResult | null> {
  const staged = new StagedWrites();
  const context = await replyContext({ ...deps, store: readOnlyStore(deps.store) }, partner, inbound, parsed);
  context.staged = staged;
  let result: ReplyResult;
  try {
    result = await dispatch(context, parsed);
  } catch (error) {
    if (error instanceof WriteOutsideStageError) return null;
    throw error;
  }
  if (result.reply) await planReply(context, result.reply, staged);
  staged.add({ Put: inboundDonePut(inboundInput(partner, inbound), result.outcome, result.reply) });
  if (touchesAnItemTwice(staged.writes)) return null;
  try {
    await writeTogether(deps.store, staged.writes);
  } catch (error) {
    if (!(error instanceof WritesCancelledError)) throw error;
    if (error.failed.includes(staged.writes.length - 1)) {
      const seen = await getInbound(deps.store, partner.pairId, inbound.messageId);
      if (seen?.status === 'done') return { outcome: 'duplicate', reply: seen.reply ?? null };
    }
    return null;
  }
  for (const after of staged.afterCommit) await after();
  return result;
}

/** A transaction may write each item once ("1Y 1N" names one check-in twice): then step by step. */
function touchesAnItemTwice(writes: GroupWrite[]): boolean {
  const keys = writes.map((write) => {
    const input = Object.values(write)[0] as { Key?: Record<string, unknown>; Item?: Record<string, unknown> };
    const key = input.Key ?? input.Item ?? {};
    return `${String(key.PK)}\u0000${String(key.SK)}`;
  });
  return new Set(keys).size !== keys.length;
}

/** Some replies need the other partner (a kept notice, their name); WEEK, STOP, PAUSE... do not: one read fewer. */
const WITHOUT_OTHER = new Set<ParsedReply['type']>(['status', 'stop', 'start', 'pause', 'resume', 'snooze']);

async function replyContext(
  deps: ReplyDeps,
  partner: PartnerRecord,
  inbound: InboundSms,
  parsed: ParsedReply,
): Promise<ReplyContext> {
  const other = WITHOUT_OTHER.has(parsed.type)
    ? undefined
    : (await listPartners(deps.store, partner.pairId)).find((p) => p.partnerId !== partner.partnerId);
  return { deps, partner, other, inbound, now: inbound.receivedAt };
}

const dispatch = (context: ReplyContext, parsed: ParsedReply): Promise<ReplyResult> =>
  context.partner.consent === 'confirmed' ? handleConfirmed(context, parsed) : handleNotYetConsented(context, parsed);

const inboundInput = (partner: PartnerRecord, inbound: InboundSms) => ({
  pairId: partner.pairId,
  partnerId: partner.partnerId,
  messageId: inbound.messageId,
  body: String(inbound.body ?? ''),
  receivedAt: inbound.receivedAt,
});

/** The reply, answered where the text came from, through the normal delivery path. */
function planReply(context: ReplyContext, reply: string, staged?: StagedWrites): Promise<boolean> {
  const { deps, partner, inbound } = context;
  return planEventMessage(
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
      onlyChannels: ['sms'],
    },
    context.now,
    staged,
  );
}

function readMessage(inbound: InboundSms): ParsedReply {
  if (inbound.optOutType === 'STOP') return { type: 'stop', word: 'STOP' };
  if (inbound.optOutType === 'START') return { type: 'start' };
  if (inbound.optOutType === 'HELP') return { type: 'help' };
  return parseReply(String(inbound.body ?? ''));
}

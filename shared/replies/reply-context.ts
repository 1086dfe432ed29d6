import type { DeliveryQueue } from '../delivery/queue.ts';
import { CHECKIN_OPEN_MS, type CheckIn } from '../model/checkin.ts';
import type { ConsentEvent, PartnerRecord } from '../model/partner-state.ts';
import { listCheckIns } from '../store/checkin-repository.ts';
import type { Store } from '../store/store.ts';
import type { Logger } from '../util/logger.ts';
import type { StagedWrites } from './staged-writes.ts';
import { DAY_MS, iso } from '../util/time.ts';

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

/** One inbound text from a known partner, with what handling it has read so far. */
export interface ReplyContext {
  deps: ReplyDeps;
  partner: PartnerRecord;
  other: PartnerRecord | undefined;
  inbound: InboundSms;
  now: number;
  /** The check-ins this partner was asked about, read once per text (see promptedCheckIns). */
  prompted?: Promise<CheckIn[]>;
  /** Where answers put their writes while a reply's writes are gathered (see handle-reply.ts). */
  staged?: StagedWrites;
}

export const consentEvent = (context: ReplyContext, status: ConsentEvent['status']): ConsentEvent => ({
  at: iso(context.now),
  status,
  source: 'sms',
  words: String(context.inbound.body ?? '').slice(0, 160),
});

/**
 * Check-ins this partner was asked about in the last 24 hours, oldest first. Read once per text:
 * deciding whether a Y answers a check-in or a conversation and then logging it share the read.
 */
export function promptedCheckIns(context: ReplyContext): Promise<CheckIn[]> {
  context.prompted ??= readPromptedCheckIns(context);
  return context.prompted;
}

async function readPromptedCheckIns(context: ReplyContext): Promise<CheckIn[]> {
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
export const isOpenFor = (c: CheckIn, partnerId: string) =>
  c.answers[partnerId] === undefined && !(c.ownerId === 'both' && c.status === 'kept');

export const hasOpenCheckIn = async (context: ReplyContext) =>
  (await promptedCheckIns(context)).some((c) => isOpenFor(c, context.partner.partnerId));

/** How a reply names whoever answered: the other partner by name, "you", or "your partner". */
export function nameOf(context: ReplyContext, partnerId: string | undefined): string {
  if (context.other && partnerId === context.other.partnerId) return context.other.name;
  if (partnerId === context.partner.partnerId) return 'you';
  return 'your partner';
}

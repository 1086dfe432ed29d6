import { setOptOut } from '../consent/opt-out.ts';
import { planEventMessage } from '../delivery/plan-message.ts';
import { claimInbound, finishInbound } from '../store/inbound-repository.ts';
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
  const context: ReplyContext = { deps, partner, other, inbound, now: inbound.receivedAt };
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

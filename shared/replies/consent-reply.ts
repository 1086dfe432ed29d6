import { setOptOut } from '../consent/opt-out.ts';
import { replyTexts } from '../messages/reply-texts.ts';
import { activateSchedulesFor } from '../plan/activate-schedules.ts';
import { getPairItem } from '../store/pair-repository.ts';
import { answerConsent } from '../store/partner-repository.ts';
import type { ParsedReply } from './parse-reply.ts';
import { consentEvent, type ReplyContext, type ReplyResult } from './reply-context.ts';

/** A text from a partner who has not consented yet: YES starts Kept, NO or STOP declines, the rest asks again. */
export async function handleNotYetConsented(context: ReplyContext, parsed: ParsedReply): Promise<ReplyResult> {
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

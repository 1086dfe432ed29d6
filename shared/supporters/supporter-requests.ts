import { planEventMessage } from '../delivery/plan-message.ts';
import { supporterTexts } from '../messages/supporter-texts.ts';
import type { PartnerRecord } from '../model/partner-state.ts';
import { listDefinitions } from '../store/pair-repository.ts';
import { listPartners } from '../store/partner-repository.ts';
import type { Store } from '../store/store.ts';
import { listAgreements, type SupporterAgreement } from '../store/supporter-repository.ts';
import { MINUTE_MS } from '../util/time.ts';
import { isPendingFor } from './agreement.ts';

/**
 * A `supporter-request` carries what its email link needs: refs = [supporter id, request id],
 * titles = [the supporter's name, the address asked about]. Its event key names the request and the partner, and its
 * instant is the request's, so asking again (a re-apply, a retry, consent given later) never
 * sends a second one.
 */
function planSupporterRequest(
  store: Store,
  agreement: SupporterAgreement,
  supporterName: string,
  partner: PartnerRecord,
  now: number,
): Promise<boolean> {
  return planEventMessage(
    { store },
    {
      pairId: agreement.pairId,
      recipient: partner,
      kind: 'supporter-request',
      eventKey: `${agreement.supporterId}:${agreement.requestId}:${partner.partnerId}`,
      eventAt: Date.parse(agreement.askedAt),
      body: supporterTexts.requestEmail(supporterName, agreement.email, null),
      smsBody: supporterTexts.requestSms(supporterName, agreement.email),
      subject: supporterTexts.requestSubject(supporterName),
      refs: [agreement.supporterId, agreement.requestId],
      titles: [supporterName, agreement.email],
      respectQuietHours: true,
      // From a plan being applied or a consent being given: the next tick sends it (no queue here).
      notBefore: now + MINUTE_MS,
    },
    now,
  );
}

/**
 * Asks every consented partner who has not answered yet about each request still waiting.
 * A partner who has not consented to Kept is asked once they do (activateSchedulesFor calls
 * this): nothing is sent to anyone without their consent. One read when nothing waits.
 */
export async function askPartnersWaiting(store: Store, pairId: string, now: number, onlyPartnerId?: string) {
  const waiting = (await listAgreements(store, pairId)).filter((a) => a.status === 'asking');
  if (waiting.length === 0) return 0;
  const [partners, definitions] = await Promise.all([listPartners(store, pairId), listDefinitions(store, pairId)]);
  let planned = 0;
  for (const agreement of waiting) {
    const supporter = definitions.find((d) => d.type === 'supporter' && d.id === agreement.supporterId);
    if (!supporter) continue;
    for (const partner of partners) {
      if (onlyPartnerId !== undefined && partner.partnerId !== onlyPartnerId) continue;
      if (partner.consent !== 'confirmed' || !isPendingFor(agreement, partner.partnerId, now)) continue;
      if (await planSupporterRequest(store, agreement, String(supporter.data.name), partner, now)) planned++;
    }
  }
  return planned;
}

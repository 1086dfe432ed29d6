import { planEventMessage } from '../delivery/plan-message.ts';
import type { DeliveryQueue } from '../delivery/queue.ts';
import { supporterTexts } from '../messages/supporter-texts.ts';
import type { PartnerRecord } from '../model/partner-state.ts';
import { activateSchedulesFor } from '../plan/activate-schedules.ts';
import { getPairItem } from '../store/pair-repository.ts';
import { listPartners } from '../store/partner-repository.ts';
import type { Store } from '../store/store.ts';
import {
  getAgreement,
  markAgreed,
  recordPartnerAnswer,
  recordSupporterAnswer,
  type PartnerAnswer,
  type SupporterAgreement,
} from '../store/supporter-repository.ts';
import { iso, MINUTE_MS } from '../util/time.ts';
import { awaitsSupporter } from './agreement.ts';
import { retireSupporterSchedule } from './retire-supporter.ts';
import { supporterRecipient, supporterRecipientId } from './supporter-recipient.ts';

type Deps = { store: Store; queue?: DeliveryQueue };
export interface RequestRef {
  pairId: string;
  supporterId: string;
  requestId: string;
}

export type PartnerAnswerOutcome = 'agreed-waiting' | 'agreed-both' | 'declined' | 'already-answered' | 'not-waiting';

/**
 * What a partner is told once their answer is recorded, whichever way they gave it (text, email
 * link, dashboard). Each channel words a refused answer (already answered, not waiting) its own way.
 */
export const ANSWERED_REPLIES: Record<
  Exclude<PartnerAnswerOutcome, 'already-answered' | 'not-waiting'>,
  (supporterName: string, otherName: string | undefined) => string
> = {
  'agreed-waiting': supporterTexts.agreedWaiting,
  'agreed-both': supporterTexts.agreedBoth,
  declined: supporterTexts.declined,
};

/**
 * A partner's YES or NO to a supporter request (by text or by the email link): recorded once,
 * for that request only. A no closes it and tells nobody. The second yes moves it to "agreed"
 * (a conditional write both racing answers may try; one wins) and asks the supporter to
 * confirm; that email is planned by every call that finds it agreed, once by its event key,
 * so a crash between the two steps is mended by any retry.
 */
export async function answerSupporterRequest(
  deps: Deps,
  ref: RequestRef,
  partner: PartnerRecord,
  agree: boolean,
  via: PartnerAnswer['via'],
  now: number,
): Promise<{ outcome: PartnerAnswerOutcome; agreement: SupporterAgreement | null; other?: PartnerRecord }> {
  const recorded = await recordPartnerAnswer(deps.store, ref, partner.partnerId, { agree, at: iso(now), via });
  let agreement = await getAgreement(deps.store, ref.pairId, ref.supporterId);
  if (!agreement || agreement.requestId !== ref.requestId) return { outcome: 'not-waiting', agreement: null };
  if (!recorded) {
    if (awaitsSupporter(agreement, now)) await askSupporter(deps, agreement, now);
    const answered = agreement.answers[partner.partnerId] !== undefined;
    return { outcome: answered ? 'already-answered' : 'not-waiting', agreement };
  }
  // A no ends the request (the summary never started); the next apply of the plan drops the supporter.
  if (!agree) return { outcome: 'declined', agreement };
  // Read after recording, not taken from the caller: a partner who joined meanwhile must count.
  const partners = await listPartners(deps.store, ref.pairId);
  const partnerIds = partners.map((p) => p.partnerId);
  if (partnerIds.length !== 2 || !partnerIds.every((id) => agreement!.answers[id]?.agree === true))
    // The other partner (if any) comes back for the reply's "waiting for …": no caller reads them again.
    return { outcome: 'agreed-waiting', agreement, other: partners.find((p) => p.partnerId !== partner.partnerId) };
  await markAgreed(deps.store, ref, partnerIds as [string, string], iso(now));
  agreement = await getAgreement(deps.store, ref.pairId, ref.supporterId);
  if (agreement && awaitsSupporter(agreement, now)) await askSupporter(deps, agreement, now);
  return { outcome: 'agreed-both', agreement };
}

/**
 * The `supporter-confirm` email: keyed by the request, at the instant both agreed, so it is
 * planned once however many calls find the agreement. refs = [request id] (for its link).
 */
async function askSupporter(deps: Deps, agreement: SupporterAgreement, now: number): Promise<void> {
  // An agreed request is never the plan's shortcut: the plan's consent plays no part here.
  const recipient = await supporterRecipient(
    deps.store,
    agreement.pairId,
    supporterRecipientId(agreement.supporterId),
    {
      planConsentHonoured: false,
    },
  );
  if (!recipient) return;
  const [pair, partners] = await Promise.all([
    getPairItem(deps.store, agreement.pairId),
    listPartners(deps.store, agreement.pairId),
  ]);
  const names = partners.map((p) => p.name).join(' and ');
  await planEventMessage(
    deps,
    {
      pairId: agreement.pairId,
      recipient,
      kind: 'supporter-confirm',
      eventKey: `${agreement.supporterId}:${agreement.requestId}`,
      eventAt: Date.parse(agreement.agreedAt!),
      body: supporterTexts.confirmEmail({ supporterName: recipient.name, names, url: null }),
      subject: supporterTexts.confirmSubject(String(pair?.name ?? names)),
      refs: [agreement.requestId],
      titles: [names],
      respectQuietHours: false,
      ...(deps.queue ? {} : { notBefore: now + MINUTE_MS }),
    },
    now,
  );
}

/**
 * Starts the weekly summary of a confirmed supporter, then reads the status again: a removal
 * that came in between (a replayed /sc link while a partner sends SUPPORTER OFF) may have retired
 * the schedule just before this activated it, so it is retired again. The removal record is
 * written before its retirement, so one of the two always sees the other.
 */
async function startSummary(store: Store, ref: RequestRef, now: number): Promise<void> {
  await activateSchedulesFor(store, ref.pairId, supporterRecipientId(ref.supporterId), now);
  const after = await getAgreement(store, ref.pairId, ref.supporterId);
  if (after?.requestId !== ref.requestId || after.status !== 'confirmed')
    await retireSupporterSchedule(store, ref.pairId, ref.supporterId);
}

export type SupporterAnswerOutcome = 'confirmed' | 'declined' | 'already-confirmed' | 'not-waiting';

/**
 * The supporter's own answer, by the link in their email: accepted only once both partners
 * agreed (and for that request). Confirming starts the weekly summary; declining ends the
 * request and tells nobody. A retry after a crash finds it confirmed and starts the summary.
 */
export async function answerAsSupporter(
  deps: Deps,
  ref: RequestRef,
  confirm: boolean,
  now: number,
): Promise<SupporterAnswerOutcome> {
  const current = await getAgreement(deps.store, ref.pairId, ref.supporterId);
  const confirmedAlready = async () => {
    await startSummary(deps.store, ref, now);
    return 'already-confirmed' as const;
  };
  if (!current || current.requestId !== ref.requestId) return 'not-waiting';
  if (current.status === 'confirmed') return confirmedAlready();
  if (!awaitsSupporter(current, now)) return 'not-waiting';
  if (!(await recordSupporterAnswer(deps.store, ref, confirm, iso(now)))) {
    const after = await getAgreement(deps.store, ref.pairId, ref.supporterId);
    return after?.requestId === ref.requestId && after.status === 'confirmed' ? confirmedAlready() : 'not-waiting';
  }
  if (!confirm) return 'declined';
  await startSummary(deps.store, ref, now);
  return 'confirmed';
}

import type { SupporterAgreement } from '../store/supporter-repository.ts';
import { DAY_MS } from '../util/time.ts';

/** A request waits this long for both partners, and then this long again for the supporter. */
export const REQUEST_VALID_MS = 14 * DAY_MS;
/** A bare YES or NO this soon after a request that is no longer waiting gets an answer about it. */
export const RECENT_REQUEST_MS = 7 * DAY_MS;

/** Until when the request waits for whoever is asked now (null: it waits for nobody). */
function waitsUntil(agreement: SupporterAgreement): number | null {
  if (agreement.status === 'asking') return Date.parse(agreement.askedAt) + REQUEST_VALID_MS;
  if (agreement.status === 'agreed' && agreement.agreedAt) return Date.parse(agreement.agreedAt) + REQUEST_VALID_MS;
  return null;
}

const waiting = (agreement: SupporterAgreement, now: number) => (waitsUntil(agreement) ?? 0) > now;

/** Waiting for this partner's YES or NO. */
export const isPendingFor = (agreement: SupporterAgreement, partnerId: string, now: number) =>
  agreement.status === 'asking' && waiting(agreement, now) && agreement.answers[partnerId] === undefined;

/** Waiting for the supporter's confirmation. */
export const awaitsSupporter = (agreement: SupporterAgreement, now: number) =>
  agreement.status === 'agreed' && waiting(agreement, now);

/** Ended for good: removed, declined, or a request that ran out. A plan listing them again is held. */
export const hasEnded = (agreement: SupporterAgreement, now: number) =>
  agreement.status === 'removed' ||
  agreement.status === 'declined' ||
  ((agreement.status === 'asking' || agreement.status === 'agreed') && !waiting(agreement, now));

/**
 * Why a plan that lists this supporter does not add them (apply's "hold" line), without saying
 * which partner declined: a no tells nobody.
 */
export function whyHeld(agreement: SupporterAgreement, now: number): string {
  const day = (at: string | undefined) => (at ?? '').slice(0, 10);
  const reinvite = 'to invite them again, give them a new id in the plan';
  if (agreement.status === 'removed')
    return `supporter ${agreement.supporterId} was removed by a partner (SUPPORTER OFF) on ${day(agreement.endedAt)}; not added again; ${reinvite}`;
  if (agreement.status === 'declined')
    return `supporter ${agreement.supporterId}: the request was declined on ${day(agreement.endedAt)}; not asked again; ${reinvite}`;
  const until = new Date(waitsUntil(agreement) ?? now).toISOString();
  return `supporter ${agreement.supporterId}: the request ran out unanswered on ${day(until)}; not asked again; ${reinvite}`;
}

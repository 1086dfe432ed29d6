import { errorResponse, json, type Route } from '../http/types.ts';
import { listDefinitions, type StoredDefinition } from '../store/pair-repository.ts';
import { listPartners } from '../store/partner-repository.ts';
import { getAgreement, listAgreements, type SupporterAgreement } from '../store/supporter-repository.ts';
import { hasEnded, isPendingFor } from '../supporters/agreement.ts';
import { ANSWERED_REPLIES, answerSupporterRequest } from '../supporters/answer-request.ts';
import { removeSupporters } from '../supporters/remove-supporters.ts';
import { asMember, isResponse, readJsonObject, type ApiDeps } from './api-context.ts';

/** Where a supporter stands, as the dashboard shows it. */
type SupporterState = 'pending-agreement' | 'waiting-for-supporter' | 'confirmed';

/**
 * A supporter's state from their agreement's status (asking / agreed / confirmed / declined /
 * removed). Only the agreement confirms: without one (whatever the plan's `consent` says) they
 * are pending, as the sender treats them (nobody's recipient). An ended one (null) is not
 * listed; a status this code does not know yet reads as pending.
 */
function supporterState(status?: string): SupporterState | null {
  if (status === 'declined' || status === 'removed') return null;
  if (status === 'confirmed') return 'confirmed';
  if (status === 'agreed') return 'waiting-for-supporter';
  return 'pending-agreement';
}

/**
 * One supporter as a partner sees them: name, address and where they stand, and while both are asked,
 * whether the viewer has said yes (their own answer only: a partner's answer, or a no, tells
 * nobody). A request that ran out unanswered is ended (hasEnded) and not listed.
 */
function view(definition: StoredDefinition, agreement: SupporterAgreement | undefined, me: string, now: number) {
  const state = agreement && hasEnded(agreement, now) ? null : supporterState(agreement?.status);
  if (!state) return null;
  // Their address too: the partners agree to who reads their week (the one they were asked about).
  return {
    id: definition.id,
    name: String(definition.data.name),
    email: agreement?.email ?? String(definition.data.email),
    state,
    ...(state === 'pending-agreement' && agreement ? { youAgreed: agreement.answers[me]?.agree === true } : {}),
  };
}

/** The pair's supporters (a counsellor, a friend) and removing one: the use case SUPPORTER OFF runs, for that one supporter. */
export function supporterRoutes(deps: ApiDeps): Route[] {
  const { now } = deps;
  return [
    {
      method: 'GET',
      path: '/api/supporters',
      handle: asMember(deps, async (caller) => {
        const [definitions, agreements] = await Promise.all([
          listDefinitions(deps.store, caller.partner.pairId),
          listAgreements(deps.store, caller.partner.pairId),
        ]);
        const agreementOf = (id: string) => agreements.find((a) => a.supporterId === id);
        const supporters = definitions
          .filter((d) => d.type === 'supporter')
          .map((d) => view(d, agreementOf(d.id), caller.partner.partnerId, now()));
        return json(200, { supporters: supporters.filter((s) => s !== null) });
      }),
    },
    {
      // A partner's yes or no to a supporter request, as by text (SUPPORTER YES / NO) or the email
      // link: the same use case, recorded with its source. A no closes it and tells nobody.
      method: 'POST',
      path: '/api/supporters/:id/answer',
      handle: asMember(deps, async (caller, request, params) => {
        const body = readJsonObject(request);
        if (isResponse(body)) return body;
        const { agree } = body.value;
        if (typeof agree !== 'boolean') return errorResponse(400, 'invalid', 'agree must be true or false', 'agree');
        const { pairId, partnerId } = caller.partner;
        const agreement = await getAgreement(deps.store, pairId, params.id!);
        if (!agreement) return errorResponse(404, 'not_found', 'No such supporter', 'id');
        if (!isPendingFor(agreement, partnerId, now()))
          return errorResponse(409, 'not_waiting', 'This request is not waiting for your answer');
        const { outcome, other } = await answerSupporterRequest(
          deps,
          { pairId, supporterId: agreement.supporterId, requestId: agreement.requestId },
          caller.partner,
          agree,
          'dashboard',
          now(),
        );
        if (outcome === 'not-waiting' || outcome === 'already-answered')
          return errorResponse(409, 'not_waiting', 'This request is not waiting for your answer');
        return json(200, { outcome, message: ANSWERED_REPLIES[outcome](agreement.name, other?.name) });
      }),
    },
    {
      // Either partner, alone, at once: the supporter's schedule and definition go (anything
      // queued is dropped at send time) and the other partner gets a supporter-removed notice.
      method: 'DELETE',
      path: '/api/supporters/:id',
      handle: asMember(deps, async (caller, _request, params) => {
        const other = (await listPartners(deps.store, caller.partner.pairId)).find(
          (p) => p.partnerId !== caller.partner.partnerId,
        );
        const { removed } = await removeSupporters(deps, {
          pairId: caller.partner.pairId,
          by: caller.partner,
          other,
          now: now(),
          supporterIds: [params.id!],
        });
        if (removed.length === 0) return errorResponse(404, 'not_found', 'No such supporter', 'id');
        return json(200, { removed: params.id, toldPartner: other !== undefined });
      }),
    },
  ];
}

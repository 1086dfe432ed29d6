import { errorResponse, json, type Route } from '../http/types.ts';
import { canOwn, ownMiss } from '../practices/own-miss.ts';
import { getCheckIn } from '../store/checkin-repository.ts';
import { listPartners } from '../store/partner-repository.ts';
import { SK_PREFIX } from '../store/keys.ts';
import { asMember, isResponse, notFound, readJsonObject, type ApiDeps } from './api-context.ts';

const MAX_NOTE = 300;

/** Owning a miss from the dashboard's check-in log: the same as replying OWN <note>, for one chosen miss. */
export function ownRoutes(deps: ApiDeps): Route[] {
  const { now } = deps;
  return [
    {
      method: 'POST',
      path: '/api/checkins/:key/own',
      handle: asMember(deps, async (caller, request, params) => {
        const body = readJsonObject(request);
        if (isResponse(body)) return body;
        const note = body.value.note;
        if (typeof note !== 'string' || note.trim() === '')
          return errorResponse(400, 'invalid', 'note: say what happened and what you will do', 'note');
        if (note.trim().length > MAX_NOTE)
          return errorResponse(400, 'invalid', `note: at most ${MAX_NOTE} characters`, 'note');
        if (!params.key!.startsWith(SK_PREFIX.checkIn)) return notFound();
        const { pairId, partnerId } = caller.partner;
        const checkIn = await getCheckIn(deps.store, pairId, params.key!);
        // Someone else's check-in, or none: not found (nothing says it exists).
        if (!checkIn || checkIn.ownerId !== partnerId) return notFound();
        if (!canOwn(checkIn, partnerId, now()))
          return errorResponse(409, 'not_ownable', 'Only a miss of the last 7 days, not owned yet, can be owned');
        const partners = await listPartners(deps.store, pairId);
        const other = partners.find((p) => p.partnerId !== partnerId);
        const outcome = await ownMiss(deps, { partner: caller.partner, other }, checkIn, note.trim(), now());
        if (outcome !== 'owned')
          return errorResponse(409, 'not_ownable', 'Only a miss of the last 7 days, not owned yet, can be owned');
        return json(200, { owned: true, toldPartner: other !== undefined });
      }),
    },
  ];
}

import { errorResponse, json, type Route } from '../http/types.ts';
import { answerForCount, goalOfCheckIn } from '../replies/count-answer.ts';
import { logAnswer } from '../replies/log-answer.ts';
import type { Answer } from '../replies/parse-reply.ts';
import { canThank, sendThanks } from '../replies/thank.ts';
import { UNDO_WINDOW_MS } from '../http/checkin-link-routes.ts';
import { CheckInClosedError, getCheckIn, undoAnswer } from '../store/checkin-repository.ts';
import { SK_PREFIX } from '../store/keys.ts';
import { listPartners } from '../store/partner-repository.ts';
import { asMember, isResponse, notFound, readJsonObject, type ApiDeps } from './api-context.ts';

const ANSWERS: Record<string, Answer> = { Y: 'kept', N: 'missed', SKIP: 'skipped' };
const MAX_COUNT = 1000;

/**
 * Answering a check-in and thanking the partner from the dashboard: the same use cases as the
 * Y / N / SKIP / number and THANKS replies (log-answer.ts, thank.ts), so the kept notice's settle
 * window, undo and privacy are the same. Another pair's or the partner's own check-in is a 404.
 */
export function checkInActionRoutes(deps: ApiDeps): Route[] {
  const { now } = deps;
  return [
    {
      method: 'POST',
      path: '/api/checkins/:key/answer',
      handle: asMember(deps, async (caller, request, params) => {
        const body = readJsonObject(request);
        if (isResponse(body)) return body;
        const { answer, count } = body.value;
        if (
          count !== undefined &&
          (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || count > MAX_COUNT)
        )
          return errorResponse(400, 'invalid', `count must be a whole number from 0 to ${MAX_COUNT}`, 'count');
        if (count === undefined && (typeof answer !== 'string' || !(answer in ANSWERS)))
          return errorResponse(400, 'invalid', 'answer must be Y, N or SKIP', 'answer');
        if (!params.key!.startsWith(SK_PREFIX.checkIn)) return notFound();
        const { pairId, partnerId } = caller.partner;
        const checkIn = await getCheckIn(deps.store, pairId, params.key!);
        // The partner's own check-ins are theirs to answer: not found, so nothing about them shows.
        if (!checkIn || (checkIn.ownerId !== partnerId && checkIn.ownerId !== 'both')) return notFound();
        let value = ANSWERS[answer as string]!;
        if (count !== undefined) {
          const goal = checkIn.ownerId === partnerId ? await goalOfCheckIn(deps.store, checkIn) : null;
          if (!goal) return errorResponse(400, 'invalid', 'count: this check-in has no goal to count toward', 'count');
          value = answerForCount(count as number, goal.kind === 'limit' ? goal.goal : undefined);
        }
        const other = (await listPartners(deps.store, pairId)).find((p) => p.partnerId !== partnerId);
        try {
          await logAnswer(deps, { partner: caller.partner, other }, checkIn, value, now(), {
            count: count as number | undefined,
          });
        } catch (error) {
          if (!(error instanceof CheckInClosedError)) throw error;
          return errorResponse(409, 'closed', 'This check-in can no longer be answered');
        }
        const after = await getCheckIn(deps.store, pairId, params.key!);
        return json(200, { answer: after?.answers[partnerId] ?? value, status: after?.status });
      }),
    },
    {
      // The dashboard's Undo: the same take-back as the email confirmation's, for an hour after answering.
      method: 'POST',
      path: '/api/checkins/:key/undo',
      handle: asMember(deps, async (caller, request, params) => {
        const body = readJsonObject(request);
        if (isResponse(body)) return body;
        if (!params.key!.startsWith(SK_PREFIX.checkIn)) return notFound();
        const { pairId, partnerId } = caller.partner;
        const checkIn = await getCheckIn(deps.store, pairId, params.key!);
        if (!checkIn || (checkIn.ownerId !== partnerId && checkIn.ownerId !== 'both')) return notFound();
        const answer = checkIn.answers[partnerId];
        const undone =
          answer !== undefined && (await undoAnswer(deps.store, checkIn, partnerId, answer, now(), UNDO_WINDOW_MS));
        if (!undone)
          return errorResponse(
            409,
            'nothing_to_undo',
            'Only your latest answer, within an hour of giving it, can be undone',
          );
        const after = await getCheckIn(deps.store, pairId, params.key!);
        return json(200, { undone: true, answer: after?.answers[partnerId] ?? null, status: after?.status });
      }),
    },
    {
      method: 'POST',
      path: '/api/checkins/:key/thanks',
      handle: asMember(deps, async (caller, request, params) => {
        const body = readJsonObject(request);
        if (isResponse(body)) return body;
        if (!params.key!.startsWith(SK_PREFIX.checkIn)) return notFound();
        const { pairId, partnerId } = caller.partner;
        const other = (await listPartners(deps.store, pairId)).find((p) => p.partnerId !== partnerId);
        const checkIn = other ? await getCheckIn(deps.store, pairId, params.key!) : null;
        // Only a notice the caller was sent can be thanked for; anything else (a miss included) is not found.
        if (
          !other ||
          !checkIn ||
          checkIn.ownerId !== other.partnerId ||
          (!checkIn.thankedAt && !canThank(checkIn, other.partnerId, now()))
        )
          return notFound();
        if (checkIn.thankedAt && !canThank(checkIn, other.partnerId, now()))
          return errorResponse(409, 'already_thanked', 'You already said thanks for this one');
        await sendThanks(deps, { partner: caller.partner, other }, checkIn, now());
        return json(200, { thanked: true });
      }),
    },
  ];
}

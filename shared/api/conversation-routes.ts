import { answerConversation } from '../conversations/answer-conversation.ts';
import { MAX_ANSWER_CHARS } from '../conversations/conversation.ts';
import { conversationFor } from '../conversations/conversation-view.ts';
import { errorResponse, json, type HttpResponse, type Route } from '../http/types.ts';
import { withdrawConversationAnswer } from '../conversations/withdraw-answer.ts';
import { getConversation, listAllConversations } from '../store/conversation-repository.ts';
import { iso } from '../util/time.ts';
import { conversationSk } from '../store/keys.ts';
import { listPartners } from '../store/partner-repository.ts';
import { asMember, isResponse, notFound, readJsonObject, type ApiDeps } from './api-context.ts';

/** The conversation's time from the path, or the 400 that names it. */
function occurrenceOf(at: string): number | HttpResponse {
  const time = Date.parse(at);
  return Number.isNaN(time)
    ? errorResponse(400, 'invalid', 'at must be the conversation time, like 2026-12-03T00:00:00Z', 'at')
    : time;
}

/** A partner's conversations (their own answers; the other's once revealed) and deleting their own answers. */
export function conversationRoutes(deps: ApiDeps): Route[] {
  const { now } = deps;
  return [
    {
      method: 'GET',
      path: '/api/conversations',
      handle: asMember(deps, async (caller) => {
        const all = await listAllConversations(deps.store, caller.partner.pairId);
        return json(200, {
          conversations: all.map((c) => conversationFor(c, caller.partner.partnerId, now())).reverse(),
        });
      }),
    },
    {
      method: 'DELETE',
      path: '/api/conversations/:at/answer',
      handle: asMember(deps, async (caller, _request, params) => {
        const at = occurrenceOf(params.at!);
        if (isResponse(at)) return at;
        const { pairId, partnerId } = caller.partner;
        const result = await withdrawConversationAnswer(deps.store, pairId, conversationSk(at), partnerId);
        if (result.outcome === 'reveal-pending')
          return errorResponse(
            409,
            'reveal_pending',
            `Your partner has not received your answer yet (${result.revealAt === undefined ? 'it is on its way' : `it goes to them at ${iso(result.revealAt)}`}). Their answer was shared with you in exchange, so yours can be deleted once they have it.`,
          );
        return result.outcome === 'deleted' ? json(200, { deleted: true }) : notFound();
      }),
    },
    {
      // Answering from the dashboard: the same use case as a text or the email form (first answer stands, reveal when both answered).
      method: 'POST',
      path: '/api/conversations/:at/answer',
      handle: asMember(deps, async (caller, request, params) => {
        const body = readJsonObject(request);
        if (isResponse(body)) return body;
        const { text } = body.value;
        if (typeof text !== 'string' || text.trim() === '')
          return errorResponse(400, 'invalid', 'text: write your answer', 'text');
        if (text.trim().length > MAX_ANSWER_CHARS)
          return errorResponse(400, 'invalid', `text: at most ${MAX_ANSWER_CHARS} characters`, 'text');
        const at = occurrenceOf(params.at!);
        if (isResponse(at)) return at;
        const { pairId, partnerId } = caller.partner;
        const conversation = await getConversation(deps.store, pairId, conversationSk(at));
        if (!conversation) return notFound();
        const other = (await listPartners(deps.store, pairId)).find((p) => p.partnerId !== partnerId);
        const outcome = await answerConversation(deps, { partner: caller.partner, other }, conversation, text, now());
        if (outcome === 'closed') return errorResponse(409, 'closed', 'This question has closed');
        if (outcome === 'already-answered')
          return errorResponse(409, 'already_answered', 'You have answered this one; your first answer stands');
        return json(200, { answered: true, revealed: outcome === 'revealed' });
      }),
    },
  ];
}

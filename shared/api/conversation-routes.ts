import { conversationFor } from '../conversations/conversation-view.ts';
import { errorResponse, json, type Route } from '../http/types.ts';
import { deleteConversationAnswer, listAllConversations } from '../store/conversation-repository.ts';
import { conversationSk } from '../store/keys.ts';
import { asMember, notFound, type ApiDeps } from './api-context.ts';

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
        const at = Date.parse(params.at!);
        if (Number.isNaN(at))
          return errorResponse(400, 'invalid', 'at must be the conversation time, like 2026-12-03T00:00:00Z', 'at');
        const deleted = await deleteConversationAnswer(
          deps.store,
          caller.partner.pairId,
          conversationSk(at),
          caller.partner.partnerId,
        );
        return deleted ? json(200, { deleted: true }) : notFound();
      }),
    },
  ];
}

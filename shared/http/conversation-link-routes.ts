import { answerConversation } from '../conversations/answer-conversation.ts';
import type { AppDeps } from '../app-deps.ts';
import { conversationState, MAX_ANSWER_CHARS } from '../conversations/conversation.ts';
import type { DeliveryQueue } from '../delivery/queue.ts';
import { readConversationToken } from '../links/conversation-link.ts';
import { escapeHtml } from '../messages/email-html.ts';
import { getConversation } from '../store/conversation-repository.ts';
import { listPartners } from '../store/partner-repository.ts';
import { parseForm } from './form.ts';
import { linkNotValidPage, simplePage } from './pages.ts';
import type { HttpResponse, Route } from './types.ts';
import type { Conversation } from '../conversations/conversation.ts';
import type { PartnerRecord } from '../model/partner-state.ts';

export interface ConversationLinkDeps extends AppDeps {
  queue: DeliveryQueue;
  linkSecret: string;
  afterAnswer?: () => Promise<void>;
}

const closedPage = () =>
  simplePage(410, 'This question has closed', '<p>Questions stay open for 48 hours. There will be another soon.</p>');
const invalidPage = linkNotValidPage;

/**
 * Answering a conversation prompt from email (`/a/{token}`). Like one-click check-ins, the GET
 * only shows the form (mail scanners open links by themselves); the answer is taken by the
 * form's POST, with the same rules as a text: the first answer stands, revealed when both answered.
 */
export function conversationLinkRoutes(deps: ConversationLinkDeps): Route[] {
  const { now } = deps;
  type Loaded =
    | { page: HttpResponse }
    | { conversation: Conversation; partner: PartnerRecord; other: PartnerRecord | undefined };
  const load = async (token: string): Promise<Loaded> => {
    const check = readConversationToken(deps.linkSecret, token, now());
    if (!check.ok) return { page: check.reason === 'expired' ? closedPage() : invalidPage() };
    const { p: pairId, r: partnerId, k: key } = check.payload;
    const [conversation, partners] = await Promise.all([
      getConversation(deps.store, pairId, key),
      listPartners(deps.store, pairId),
    ]);
    const partner = partners.find((x) => x.partnerId === partnerId);
    if (!conversation || !partner) return { page: invalidPage() };
    return { conversation, partner, other: partners.find((x) => x.partnerId !== partnerId) };
  };
  return [
    {
      method: 'GET',
      path: '/a/:token',
      handle: async (_request, params) => {
        const loaded = await load(params.token!);
        if ('page' in loaded) return loaded.page;
        const { conversation, partner } = loaded;
        if (conversationState(conversation, now()) === 'closed') return closedPage();
        if (conversation.answers[partner.partnerId])
          return simplePage(
            200,
            'You have answered',
            '<p>You will both see both answers once you have each answered.</p>',
          );
        return simplePage(
          200,
          'A question for you both',
          `<p><strong>${escapeHtml(conversation.prompt)}</strong></p><form method="post"><p><label for="answer">Your answer (private until you have both answered)</label><br><textarea id="answer" name="answer" rows="5" cols="40" maxlength="${MAX_ANSWER_CHARS}" required></textarea></p><button type="submit">Send my answer</button></form>`,
        );
      },
    },
    {
      method: 'POST',
      path: '/a/:token',
      authorizedBy: 'link-token',
      handle: async (request, params) => {
        const loaded = await load(params.token!);
        if ('page' in loaded) return loaded.page;
        const text = (parseForm(request.body).answer ?? '').trim();
        if (text === '')
          return simplePage(400, 'Nothing to send', '<p>Write your answer in the box, then send it.</p>');
        const outcome = await answerConversation(deps, loaded, loaded.conversation, text, now());
        await deps.afterAnswer?.();
        if (outcome === 'closed') return closedPage();
        if (outcome === 'already-answered')
          return simplePage(409, 'You have answered', '<p>Your first answer stands.</p>');
        return simplePage(
          200,
          'Thank you',
          outcome === 'revealed'
            ? `<p>You have both answered: ${escapeHtml(loaded.other?.name ?? 'your partner')}'s answer is on its way to you.</p>`
            : `<p>Your answer stays private until ${escapeHtml(loaded.other?.name ?? 'your partner')} answers too; then you will each see the other's.</p>`,
        );
      },
    },
  ];
}

import type { ParsedReply } from '../replies/parse-reply.ts';
import type { TurnContext } from '../replies/turn-context.ts';
import { conversationTexts } from '../messages/conversation-texts.ts';
import { answerConversation, waitingConversation } from './answer-conversation.ts';

/** Reply kinds that are always commands, whatever is open (README: "Replying by text"). */
const COMMANDS: ReadonlySet<ParsedReply['type']> = new Set([
  'stop',
  'start',
  'help',
  'status',
  'resume',
  'pause',
  'empty',
  'supporter-off',
  'supporter-answer',
]);
const CHECKIN_FORMS: ReadonlySet<ParsedReply['type']> = new Set(['answer', 'numbered', 'in-order']);
/** THANKS is the command when the text is the thanks word and at most two more ("thanks babe x"). */
const MAX_THANKS_WORDS = 3;

const words = (body: string) => body.trim().split(/\s+/).filter(Boolean).length;

/**
 * Decides whether a text is the partner's answer to an open conversation prompt, and if so
 * records it. Returns null when the text is something else (a command, a check-in answer).
 * The rule: commands first; a Y/N/SKIP/number reply is a check-in answer while a check-in
 * waits for your answer; otherwise, while a prompt waits for your answer (48 hours), the text is it.
 */
export async function conversationTurn(
  context: TurnContext,
  parsed: ParsedReply,
): Promise<{ outcome: string; reply: string | null } | null> {
  if (COMMANDS.has(parsed.type)) return null;
  if (parsed.type === 'thanks' && words(context.body) <= MAX_THANKS_WORDS) return null;
  const { deps, partner, other, now } = context;
  // A check-in waiting for this answer wins, and needs no look at conversations (the common Y).
  const checkInForm = CHECKIN_FORMS.has(parsed.type);
  if (checkInForm && (await context.hasOpenCheckIn())) return null;
  const conversation = await waitingConversation(deps.store, partner.pairId, now);
  if (!conversation) return null;
  const mine = conversation.answers[partner.partnerId];
  if (checkInForm && mine) return null;
  if (mine) return { outcome: 'conversation-already-answered', reply: conversationTexts.alreadyAnswered(other?.name) };
  if (parsed.type === 'answer' && parsed.answer === 'skipped' && !parsed.note)
    return { outcome: 'conversation-skipped', reply: conversationTexts.skipped() };
  const outcome = await answerConversation(deps, { partner, other }, conversation, context.body, now);
  if (outcome === 'revealed') return { outcome: 'conversation-revealed', reply: null };
  if (outcome === 'recorded') return { outcome: 'conversation-answered', reply: conversationTexts.saved(other?.name) };
  if (outcome === 'already-answered')
    return { outcome: 'conversation-already-answered', reply: conversationTexts.alreadyAnswered(other?.name) };
  return { outcome: 'conversation-closed', reply: conversationTexts.closed() };
}

import { planEventMessage } from '../delivery/plan-message.ts';
import type { DeliveryQueue } from '../delivery/queue.ts';
import { conversationTexts } from '../messages/conversation-texts.ts';
import type { PartnerRecord } from '../model/partner-state.ts';
import {
  getConversation,
  listConversations,
  markRevealed,
  recordConversationAnswer,
  type AnswerOutcome,
} from '../store/conversation-repository.ts';
import type { Store } from '../store/store.ts';
import { iso } from '../util/time.ts';
import { CONVERSATION_OPEN_MS, MAX_ANSWER_CHARS, conversationState, type Conversation } from './conversation.ts';

export interface ConversationDeps {
  store: Store;
  queue: DeliveryQueue;
}

/** The conversation still waiting (48 hours, not revealed) for this partner, newest first; null if none. */
export async function waitingConversation(store: Store, pairId: string, now: number): Promise<Conversation | null> {
  const recent = await listConversations(store, pairId, now - CONVERSATION_OPEN_MS, now);
  return recent.filter((c) => conversationState(c, now) === 'waiting').at(-1) ?? null;
}

/**
 * Records one partner's answer. When that makes two, each partner gets a
 * `conversation-reveal` carrying the other's words; until then nobody is told anything.
 * Every step is idempotent, so a retried text or form post completes what a crash left.
 */
export async function answerConversation(
  deps: ConversationDeps,
  who: { partner: PartnerRecord; other: PartnerRecord | undefined },
  conversation: Conversation,
  text: string,
  now: number,
): Promise<AnswerOutcome | 'revealed'> {
  // Control and invisible characters go; the words stay as written.
  const clean = text
    .replace(/[\p{Cc}\p{Cf}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const answer = { text: clean.slice(0, MAX_ANSWER_CHARS), at: iso(now) };
  const outcome = await recordConversationAnswer(deps.store, conversation, who.partner.partnerId, answer, now);
  if (outcome !== 'recorded' || !who.other) return outcome;
  const stored = await getConversation(deps.store, conversation.pairId, conversation.conversationKey);
  const theirs = stored?.answers[who.other.partnerId];
  const mine = stored?.answers[who.partner.partnerId];
  if (!stored || !theirs || !mine) return outcome;
  // Promised first, planned after: a delete racing this either wins (no reveal at all) or is refused.
  if (!(await markRevealed(deps.store, stored, [who.partner.partnerId, who.other.partnerId], now))) return outcome;
  const reveals: Array<[PartnerRecord, PartnerRecord, string]> = [
    [who.partner, who.other, theirs.text],
    [who.other, who.partner, mine.text],
  ];
  for (const [recipient, author, words] of reveals) {
    const text = conversationTexts.reveal(author.name, stored.prompt, words);
    await planEventMessage(
      deps,
      {
        pairId: stored.pairId,
        recipient,
        kind: 'conversation-reveal',
        eventKey: `${stored.conversationKey}:${recipient.partnerId}`,
        eventAt: Date.parse(stored.occurrenceAt),
        body: text.body,
        subject: text.subject,
        refs: [stored.conversationKey],
        // The partner who just answered is awake; the other may be asleep.
        respectQuietHours: recipient.partnerId !== who.partner.partnerId,
      },
      now,
    );
  }
  return 'revealed';
}

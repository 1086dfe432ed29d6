/** A conversation: one prompt to both partners, answers revealed only once both have answered. */
export interface ConversationAnswer {
  text: string;
  at: string;
}

export interface Conversation {
  pairId: string;
  conversationKey: string; // sort key: CONV#<occurrence>
  occurrenceAt: string;
  /** Answers are taken until then (48 hours); with one answer it then closes, nobody told. */
  closesAt: string;
  /** How many conversations this pair had before: the position in the deck. */
  sequence: number;
  prompt: string;
  theme?: string;
  answers: Record<string, ConversationAnswer>;
  revealedAt?: string;
}

export const CONVERSATION_OPEN_MS = 48 * 60 * 60_000;
export const MAX_ANSWER_CHARS = 1000;

export type ConversationState = 'waiting' | 'revealed' | 'closed';

export function conversationState(conversation: Conversation, now: number): ConversationState {
  if (conversation.revealedAt) return 'revealed';
  return Date.parse(conversation.closesAt) > now ? 'waiting' : 'closed';
}

/** Open for this partner's answer: within 48 hours, not revealed, not yet answered by them. */
export const awaitsAnswerFrom = (conversation: Conversation, partnerId: string, now: number) =>
  conversationState(conversation, now) === 'waiting' && conversation.answers[partnerId] === undefined;

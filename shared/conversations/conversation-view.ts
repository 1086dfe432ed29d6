import { conversationState, type Conversation } from './conversation.ts';

/** One conversation as one partner may see it: always their own answer; the other's only once revealed, and while their own stands. */
export interface ConversationView {
  at: string;
  prompt: string;
  theme?: string;
  state: 'waiting' | 'revealed' | 'closed';
  closesAt: string;
  yourAnswer?: string;
  theirAnswer?: string;
}

export function conversationFor(conversation: Conversation, me: string, now: number): ConversationView {
  const mine = conversation.answers[me];
  const theirs = Object.entries(conversation.answers).find(([id]) => id !== me)?.[1];
  const state = conversationState(conversation, now);
  return {
    at: conversation.occurrenceAt,
    prompt: conversation.prompt,
    ...(conversation.theme ? { theme: conversation.theme } : {}),
    state,
    closesAt: conversation.closesAt,
    ...(mine ? { yourAnswer: mine.text } : {}),
    // Only in exchange for your own: once you delete yours, theirs is no longer shown to you.
    ...(state === 'revealed' && mine && theirs ? { theirAnswer: theirs.text } : {}),
  };
}

/** What an export holds of a partner's conversations: the prompts and their own answers only. */
export const exportedConversations = (conversations: Conversation[], me: string) =>
  conversations
    .filter((c) => c.answers[me])
    .map((c) => ({ at: c.occurrenceAt, prompt: c.prompt, answer: c.answers[me]!.text, answeredAt: c.answers[me]!.at }));

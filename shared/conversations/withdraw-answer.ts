import { getDelivery } from '../store/delivery-repository.ts';
import { deleteConversationAnswer, getConversation, revealDeliveryKey } from '../store/conversation-repository.ts';
import type { Store } from '../store/store.ts';

export type WithdrawOutcome =
  | { outcome: 'deleted' }
  | { outcome: 'no-answer' }
  | { outcome: 'reveal-pending'; revealAt?: number };

/**
 * A partner deletes their own answer to a conversation. Once both have answered the exchange
 * is mutual: the one who answered second reads the other's words at once, while the reveal to
 * the first may wait for their quiet hours. So the delete is refused while the reveal carrying
 * these words to the partner is still planned, and allowed once it went out (or ended without
 * going, e.g. the partner stopped texts): a partner can never read the other's words and then
 * take their own back before the other has them. An accepted delete removes the words and that
 * reveal from Kept as before (account erasure does not ask: it always erases).
 */
export async function withdrawConversationAnswer(
  store: Store,
  pairId: string,
  conversationKey: string,
  partnerId: string,
): Promise<WithdrawOutcome> {
  const conversation = await getConversation(store, pairId, conversationKey);
  if (!conversation?.answers[partnerId]) return { outcome: 'no-answer' };
  const promised = conversation.revealedAt !== undefined;
  for (const recipientId of Object.keys(conversation.answers).filter((id) => id !== partnerId)) {
    const reveal = await getDelivery(store, { pairId, deliveryKey: revealDeliveryKey(conversation, recipientId) });
    // Promised but not yet planned (the answering request is between its two steps) counts as planned.
    if (reveal?.status === 'planned' || (promised && !reveal))
      return { outcome: 'reveal-pending', ...(reveal ? { revealAt: reveal.fireAt } : {}) };
  }
  // Not yet promised: the delete holds only if the reveal is still not promised when it is written.
  if (await deleteConversationAnswer(store, pairId, conversationKey, partnerId, { unlessRevealed: !promised }))
    return { outcome: 'deleted' };
  const latest = await getConversation(store, pairId, conversationKey);
  return latest?.answers[partnerId] ? { outcome: 'reveal-pending' } : { outcome: 'no-answer' };
}

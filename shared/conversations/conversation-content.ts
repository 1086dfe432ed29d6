import { conversationToken, conversationUrl } from '../links/conversation-link.ts';
import { escapeHtml } from '../messages/email-html.ts';
import { conversationTexts } from '../messages/conversation-texts.ts';
import { freezeContent, type Delivery } from '../store/delivery-repository.ts';
import { getConversationSettings, openConversation } from '../store/conversation-repository.ts';
import type { Store } from '../store/store.ts';
import { deckPrompts, KEPT_DECK } from './deck.ts';

/**
 * Writes a conversation prompt when it goes out: opens the occurrence's conversation (the
 * first partner's prompt picks the next deck prompt, the second finds the same one) and
 * freezes the text, so a retry sends the very same message. By email it carries a signed
 * link to a small answer form.
 */
export async function writeConversationPrompt(
  deps: { store: Store; links?: { secret: string; publicUrl: string } },
  delivery: Delivery,
): Promise<void> {
  const settings = await getConversationSettings(deps.store, delivery.pairId);
  const deck = deckPrompts(settings?.deck ?? 'kept');
  const conversation = await openConversation(deps.store, delivery.pairId, delivery.occurrenceAt, (sequence) => {
    const chosen = deck[sequence % deck.length]!;
    return { prompt: chosen.text, theme: deck === KEPT_DECK ? KEPT_DECK[sequence % deck.length]!.theme : undefined };
  });
  const url = deps.links
    ? conversationUrl(
        deps.links.publicUrl,
        conversationToken(deps.links.secret, {
          pairId: delivery.pairId,
          partnerId: delivery.recipientId,
          conversationKey: conversation.conversationKey,
          closesAt: Date.parse(conversation.closesAt),
        }),
      )
    : null;
  const prompt = conversation.prompt;
  await freezeContent(
    deps.store,
    { pairId: delivery.pairId, deliveryKey: delivery.deliveryKey },
    {
      body: conversationTexts.promptEmail(prompt, url),
      subject: conversationTexts.promptSubject(),
      smsBody: conversationTexts.promptSms(prompt),
      html: `<p style="margin:0 0 12px;">A question for you both:</p><p style="margin:0 0 16px;font-size:18px;"><strong>${escapeHtml(prompt)}</strong></p>${
        url
          ? `<p><a href="${escapeHtml(url)}" style="display:inline-block;padding:10px 16px;border-radius:6px;background:#1f6f5c;color:#ffffff;text-decoration:none;font-weight:bold;">Answer</a></p>`
          : '<p style="margin:0 0 12px;">Reply to the text to answer.</p>'
      }<p style="color:#566074;font-size:14px;">Your answer stays private until you have both answered; then each of you sees the other's.</p>`,
    },
  );
}

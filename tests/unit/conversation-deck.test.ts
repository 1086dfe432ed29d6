import { describe, expect, it } from 'vitest';
import { DECK_THEMES, deckPrompts, KEPT_DECK } from '../../shared/conversations/deck.ts';
import { conversationTexts } from '../../shared/messages/conversation-texts.ts';
import { isGsm7 } from '../../shared/messages/gsm7.ts';

describe("Kept's conversation deck", () => {
  it('has at least 60 distinct prompts across the six themes, at least ten each', () => {
    expect(KEPT_DECK.length).toBeGreaterThanOrEqual(60);
    expect(new Set(KEPT_DECK.map((p) => p.text)).size).toBe(KEPT_DECK.length);
    expect(DECK_THEMES).toEqual(['appreciation', 'everyday life', 'memories', 'hopes', 'repair', 'play']);
    for (const theme of DECK_THEMES)
      expect(KEPT_DECK.filter((p) => p.theme === theme).length, theme).toBeGreaterThanOrEqual(10);
  });

  it('goes from light to deep: every theme takes a turn at one depth before any goes deeper', () => {
    const depths = KEPT_DECK.map((p) => p.depth);
    expect(depths).toEqual([...depths].sort((a, b) => a - b));
    expect(KEPT_DECK.slice(0, 6).map((p) => p.theme)).toEqual([...DECK_THEMES]);
  });

  it('every prompt, in its message, is one GSM-7 SMS segment', () => {
    for (const { text } of KEPT_DECK) {
      const sms = conversationTexts.promptSms(text);
      expect(isGsm7(sms), text).toBe(true);
      expect(sms.length, text).toBeLessThanOrEqual(160);
    }
  });

  it("a couple's own deck is used as written, in their order", () => {
    expect(deckPrompts(['One?', 'Two?']).map((p) => p.text)).toEqual(['One?', 'Two?']);
    expect(deckPrompts('kept')).toBe(KEPT_DECK);
  });
});

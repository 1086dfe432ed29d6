/**
 * Kept's own deck of conversation prompts, written for couples rebuilding trust. Six themes,
 * each ordered from light to deep. Every prompt is GSM-7 and short enough that the whole
 * conversation-prompt text stays one SMS segment (tests/unit/conversation-deck.test.ts).
 */
export const DECK_THEMES = ['appreciation', 'everyday life', 'memories', 'hopes', 'repair', 'play'] as const;
export type DeckTheme = (typeof DECK_THEMES)[number];

export interface DeckPrompt {
  theme: DeckTheme;
  /** 0 is the lightest prompt of its theme. */
  depth: number;
  text: string;
}

const THEMES: Record<DeckTheme, string[]> = {
  appreciation: [
    'What is one small thing I did this week that you liked?',
    'Which of my habits secretly makes you smile?',
    'What is something I do that makes your day easier?',
    'When did you last feel proud to be with me?',
    'What quality of mine do you most want our friends to see?',
    'What effort of mine lately do you think I did not notice you noticing?',
    'What is something I gave up for us that you are grateful for?',
    'When did I last make you feel truly looked after?',
    'What about the way I love you would you never want to change?',
    'What have you seen me work hard on this year?',
    'What do you admire in how I handled a hard time?',
  ],
  'everyday life': [
    'What was the best ten minutes of your day today?',
    'Which chore would you happily trade with me?',
    'What part of our week feels most rushed to you?',
    'What would make our mornings a bit calmer?',
    'When in the day do you most want to hear from me?',
    'What is one thing at home you would like us to do together?',
    'What drains you most in a normal week, and how could I help?',
    'Where do you wish we had more time just for us?',
    'What routine of ours do you think keeps us close?',
    'What should we stop doing because it no longer helps us?',
    'What would a good ordinary day together look like to you?',
  ],
  memories: [
    'What is a meal we shared that you still think about?',
    'Which trip or day out of ours would you relive first?',
    'What did you notice about me the first time we met?',
    'What song takes you straight back to us?',
    'When did you first know this was serious?',
    'What is a time we laughed until it hurt?',
    'What moment from our early days do you wish we had more of now?',
    'What hard time did we get through that made you trust me more?',
    'When did you feel most like a team with me?',
    'What is a memory of us you have never told me you treasure?',
    'What did we learn from the hardest year we have had?',
  ],
  hopes: [
    'Where would you love us to go together next year?',
    'What is a new thing you would like us to try this month?',
    'What would you like our weekends to look like a year from now?',
    'What is one dream of yours I could help you with?',
    'What tradition would you like us to start?',
    'What do you hope people say about us in ten years?',
    'What would make you feel more at home in this relationship?',
    'What do you hope we are better at by this time next year?',
    'What kind of partner do you hope to be for me?',
    'What promise would you like us to make to each other?',
    'What does a safe, happy future together look like to you?',
  ],
  repair: [
    'What is one thing that helps you calm down after we argue?',
    'How can I tell that you need space, not words?',
    'What is a kind way for me to bring up something hard?',
    'What helps you believe an apology is real?',
    'When I let you down, what do you most need from me after?',
    'What is something you forgave that you would like me to know?',
    'What makes it hard for you to tell me when you are hurt?',
    'What is one thing I could do that would rebuild trust a little?',
    'What would help you feel safe being honest with me?',
    'What old hurt still shows up between us, and what would help it heal?',
    'What do you need from me to feel we are on the same side?',
  ],
  play: [
    'If we had a free day with no plans, what would we do first?',
    'What silly nickname should I be banned from using?',
    'Which film character is most like me, and why?',
    'What food would you make me eat on our perfect lazy Sunday?',
    'What game would you bet on beating me at?',
    'If we opened a tiny shop together, what would it sell?',
    'What is a dare you would like us to try together?',
    'What would our couple superpower be?',
    'Which of our inside jokes should never die?',
    'What adventure do you think we would be brave enough to try?',
    'What playful side of me do you wish came out more often?',
  ],
};

/**
 * The deck in the order a couple meets it: level by level (the lightest prompt of every
 * theme, then the next), so the themes take turns and the questions deepen over time.
 */
export const KEPT_DECK: readonly DeckPrompt[] = (() => {
  const deepest = Math.max(...DECK_THEMES.map((theme) => THEMES[theme].length));
  const order: DeckPrompt[] = [];
  for (let depth = 0; depth < deepest; depth++) {
    for (const theme of DECK_THEMES) {
      const text = THEMES[theme][depth];
      if (text) order.push({ theme, depth, text });
    }
  }
  return order;
})();

/** The deck a plan names: the built-in one, or the couple's own prompts in their order. */
export function deckPrompts(deck: 'kept' | readonly string[]): readonly Pick<DeckPrompt, 'text'>[] {
  return deck === 'kept' ? KEPT_DECK : deck.map((text) => ({ text }));
}

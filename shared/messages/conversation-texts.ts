import { BRAND } from './texts.ts';

/** Texts of the conversation practice. The prompt SMS stays one GSM-7 segment with any deck prompt. */
export const conversationTexts = {
  promptSms: (prompt: string) =>
    `For you both: ${prompt} Reply to answer. You'll see both answers once you've each replied.`,
  promptSubject: () => 'A question for you both',
  promptEmail: (prompt: string, url: string | null) =>
    `A question for you both, from ${BRAND}:\n\n${prompt}\n\n${
      url ? `Answer here (the link works for 48 hours): ${url}` : 'Reply to the text to answer.'
    }\n\nYour answer stays private until you have both answered; then each of you sees the other's.`,
  reveal: (otherName: string, prompt: string, answer: string) => ({
    body: `You both answered "${prompt}" ${otherName} wrote: ${answer}`,
    subject: `You both answered: ${otherName}'s answer`,
  }),
  saved: (otherName: string | undefined) =>
    otherName ? `Saved. It stays private until ${otherName} answers too; then you'll each see the other's.` : 'Saved.',
  alreadyAnswered: (otherName: string | undefined) =>
    `You've answered this one. ${BRAND} will share both answers when ${otherName ?? 'your partner'} answers.`,
  closed: () => `That question has closed, so your answer was not saved. There'll be another one soon.`,
  skipped: () => `OK, no answer this time. There'll be another question soon.`,
};

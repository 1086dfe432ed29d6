import { lowerFirst } from './texts.ts';

/** Texts of the repair practice (OWN) and its replies. */
export const practiceTexts = {
  repairNote: (ownerName: string, title: string, note: string) => ({
    body: `${ownerName} owned a missed promise (${title}): ${note}${/[.!?]$/.test(note) ? '' : '.'} Reply THANKS to let them know you heard.`,
    subject: `${ownerName} owned a missed promise`,
  }),
  owned: (otherName: string | undefined, title: string) =>
    otherName
      ? `Sent to ${otherName}. Owning it matters: this miss (${lowerFirst(title)}) now counts half, not zero.`
      : `Noted. Owning it matters: this miss (${lowerFirst(title)}) now counts half, not zero.`,
  nothingToOwn: () => `No missed promise from the last 7 days to own. Keep going.`,
  needNote: () => `Say what happened and what you'll do, like: OWN Got stuck in a meeting; I'll set an alarm.`,
  repairThanks: (thankerName: string, title: string) => ({
    body: `${thankerName} thanked you for owning it: ${lowerFirst(title)}.`,
    subject: `${thankerName} heard you`,
  }),
};

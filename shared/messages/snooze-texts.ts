/** Replies to SNOOZE. GSM-7, one segment. */
export const snoozeTexts = {
  snoozed: (localTime: string, left: number) =>
    `Snoozed: it comes again at ${localTime}.${left === 0 ? ' That was the last snooze for it.' : ''}`,
  alreadySnoozed: (localTime: string) => `Already snoozed: it comes again at ${localTime}.`,
  tooMany: (max: number) => `You've snoozed that ${max} times already; it won't come again today.`,
  pastToday: () => `That would be past today (or in your quiet hours), so it stays as it is. Try a shorter SNOOZE.`,
  nothing: () => `Nothing to snooze: no reminder or check-in came in the last day.`,
  answered: () => `You've already answered that check-in, so there's nothing to snooze.`,
  bad: (reason: string) => `${reason} SNOOZE alone means 30 minutes.`,
};

/** Brand name used in texts and email subjects. */
export const BRAND = 'Kept';

/** "Call Alex at lunch" -> "call Alex at lunch" (but "ICE check" stays). */
export function lowerFirst(title: string): string {
  const [first, second] = [...title];
  if (!first || (second && second !== second.toLowerCase())) return title;
  return first.toLowerCase() + title.slice(first.length);
}

export interface RenderedText {
  body: string;
  subject: string;
}

export function checkInText(titles: string[]): RenderedText {
  if (titles.length === 1) {
    return {
      body: `Did you ${lowerFirst(titles[0]!)} today? Reply Y or N`,
      subject: `Did you ${lowerFirst(titles[0]!)} today?`,
    };
  }
  const numbered = titles.map((title, i) => `${i + 1}) ${title}`).join(' ');
  const example = titles.map((_t, i) => `${i + 1}Y`).join(' ');
  return {
    body: `Check-in: ${numbered} - reply like ${example}`,
    subject: `Today's check-in (${titles.length} promises)`,
  };
}

export function countCheckInText(title: string): RenderedText {
  return {
    body: `How many times today: ${lowerFirst(title)}? Reply a number, like 2`,
    subject: `How many times today: ${lowerFirst(title)}?`,
  };
}

export function ritualCheckInText(title: string): RenderedText {
  return { body: `${title}: did it happen? Reply Y or N`, subject: `${title}: did it happen?` };
}

/** "Reminder: call Alex at lunch (due 12:30, in 15 min). Reply SNOOZE for later" */
export function reminderText(title: string, due: { localTime: string; minutesBefore: number } | null): RenderedText {
  const when = due
    ? ` (due ${due.localTime}${due.minutesBefore > 0 ? `, in ${due.minutesBefore} min` : ''})`
    : ' today';
  return {
    body: `Reminder: ${lowerFirst(title)}${when}. Reply SNOOZE for later`,
    subject: `Reminder: ${lowerFirst(title)}${when}`,
  };
}

export function ritualReminderText(title: string, localTime: string, minutesBefore: number): RenderedText {
  const body =
    minutesBefore > 0
      ? `Reminder: ${title} at ${localTime} (in ${minutesBefore} min).`
      : `Now: ${title} (${localTime}).`;
  return { body, subject: `${title} at ${localTime}` };
}

/** Sent once to a partner set up with consent, so the first thing Kept says is not a check-in. */
export function welcomeText(name: string, partnerName: string): RenderedText {
  const pair = partnerName ? `You and ${partnerName} are set up. ` : '';
  return {
    body: `Welcome to ${BRAND}, ${name}! ${pair}Reminders and check-ins come here; answer with Y or N. HELP for help, STOP to opt out.`,
    subject: `Welcome to ${BRAND}, ${name}`,
  };
}

export function affirmationText(fromName: string, text: string): RenderedText {
  return { body: `From ${fromName}: ${text}`, subject: `A note from ${fromName}` };
}

export function consentRequestText(inviterName: string, pairName: string): RenderedText {
  const who = inviterName ? `${inviterName} invited you to ${BRAND}` : `You were added to ${BRAND} (${pairName})`;
  return {
    body: `${who}: reminders for the promises you make each other. Reply YES to join, STOP to opt out. Msg&data rates may apply.`,
    subject: `${inviterName || pairName} invited you to ${BRAND}`,
  };
}

import { BRAND } from './texts.ts';

/** What a supporter sees and never sees: the same words in every request (README: "A supporter's view"). */
const SEES = [
  'how many times each of you kept each promise',
  'the rituals you did together',
  'how many conversations you both answered',
  'pulses a partner chose to share',
];
const NEVER = 'misses, unanswered check-ins, what you wrote in conversations, or private pulses';

const emailList = (lines: string[]) => lines.map((line) => `- ${line}`).join('\n');

/** Texts of the supporter agreement. SMS texts are GSM-7; the request is two segments (what is and is not seen). */
export const supporterTexts = {
  // The address is in every request: partners agree to who will read their week, not to a name.
  requestSms: (name: string, email: string) =>
    `Add ${name} (${email}) as your supporter? If you both say yes, ${name} gets a weekly email: kept counts, rituals done, conversations you both answered, shared pulses. Never misses, unanswered check-ins, your answers or private pulses. Reply SUPPORTER YES or SUPPORTER NO`,
  requestSubject: (name: string) => `Add ${name} as your supporter?`,
  requestEmail: (name: string, email: string, url: string | null) =>
    [
      `Your plan on ${BRAND} asks to add ${name} (${email}) as your supporter (a counsellor or a trusted friend). The weekly email would go to that address.`,
      `If you both agree and ${name} confirms, ${name} gets a weekly email with:\n${emailList(SEES)}`,
      `${name} never sees ${NEVER}.`,
      url
        ? `Agree or decline here (the link works for 14 days): ${url}`
        : 'Reply SUPPORTER YES or SUPPORTER NO by text to agree or decline.',
      `Nothing is shared unless you both agree. Either of you can end it at any time (SUPPORTER OFF by text).`,
    ].join('\n\n'),
  confirmSubject: (pairName: string) => `${pairName}: would you be their supporter on ${BRAND}?`,
  confirmEmail: (input: { supporterName: string; names: string; url: string | null }) =>
    [
      `Hello ${input.supporterName},`,
      `${input.names} use ${BRAND} to keep small promises to each other. They have both asked that you get a weekly email about how it is going.`,
      `Each week you would see:\n${emailList(SEES.map((line) => line.replace('each of you', 'each of them').replace('you did', 'they did').replace('you both', 'they both')))}`,
      `You would never see ${NEVER.replace('what you wrote', 'what they wrote')}.`,
      input.url ? `Confirm here (the link works for 14 days): ${input.url}` : 'Confirm through the link in this email.',
      'Nothing is sent to you unless you confirm. Either of them can end it at any time.',
    ].join('\n\n'),
  agreedWaiting: (name: string, otherName: string | undefined) =>
    `Thanks: you agreed to ${name} as your supporter. ${otherName ?? 'Your partner'} is asked too; nothing is shared unless you both agree and ${name} confirms.`,
  agreedBoth: (name: string) =>
    `Thanks: you both agreed. ${name} gets an email to confirm; the weekly summary starts once they do. SUPPORTER OFF ends it any time.`,
  declined: (name: string) => `OK: ${name} will not be your supporter, and the request is closed. Nobody is told.`,
  alreadyAnswered: (name: string) =>
    `You have already answered about ${name}; nothing changed. SUPPORTER OFF removes a supporter at any time.`,
  nothingWaiting: () => 'No supporter request is waiting for your answer, so nothing changed.',
  ended: (name: string) => `The supporter request for ${name} is no longer open, so nothing changed.`,
  askWhich: (name: string) =>
    `Is that for your check-in or about ${name}? Reply Y or N for the check-in, or SUPPORTER YES or SUPPORTER NO about ${name}.`,
  nextWaiting: (name: string) => ` Another request waits: ${name}. Reply SUPPORTER YES or SUPPORTER NO.`,
  /** A bare YES or NO may answer something else (a partner's own text asking "Reply YES"): never taken. */
  sayWhich: (name: string) =>
    `To answer about ${name} as your supporter, reply SUPPORTER YES or SUPPORTER NO. A YES or NO alone changes nothing.`,
  noneToRemove: () => 'You have no supporter to remove.',
  removedDone: (names: string, otherName: string | undefined) =>
    `Done: ${names} will get no more weekly summaries.${otherName ? ` ${otherName} has been told.` : ''}`,
  removedToOther: (who: string, names: string) => ({
    body: `${who} removed ${names} as your supporter. They will get no more weekly summaries from Kept.`,
    subject: `${names} is no longer your supporter`,
  }),
};

import type { Answer } from '../replies/parse-reply.ts';
import { BRAND, lowerFirst } from './texts.ts';

/** Short SMS replies to a partner's text. GSM-7, one segment where they can be. */
export const replyTexts = {
  help: (partnerName: string | undefined, support: string) =>
    `${BRAND}: reminders for promises you${partnerName ? ` and ${partnerName}` : ''} make. Reply Y/N to check-ins, WEEK for your week, PAUSE 3 to pause, STOP to opt out. Help: ${support}`,
  notUnderstood: () => `${BRAND} didn't catch that. Reply Y or N to a check-in, WEEK for your week, HELP for more.`,
  consentWelcome: (pairName: string) =>
    `Welcome to ${BRAND} (${pairName}). Your reminders start now. Reply HELP for help, STOP to opt out.`,
  consentDeclined: () => `OK, ${BRAND} won't text you. If you change your mind, reply YES.`,
  consentAsk: () => `Reply YES to join ${BRAND}, or STOP to opt out.`,
  started: () => `You're back on ${BRAND} texts. Reply STOP to opt out, HELP for help.`,
  paused: (untilLocal: string) =>
    `Paused until ${untilLocal}. No reminders or check-ins till then. Reply RESUME to start sooner.`,
  badPause: (reason: string) => `${reason} Reply RESUME to end a pause.`,
  resumed: () => `Welcome back. Your reminders are on again.`,
  notPaused: () => `You're not paused. Reply PAUSE 3 to pause for 3 days.`,
  nothingOpen: () => `No check-in is open right now. ${BRAND} will ask at your check-in time.`,
  closed: () => `That check-in closed after 24 hours, so it stays as it was. The next one is a new chance.`,
  alreadyLogged: (title: string, byName: string) => `Already logged: ${byName} said ${lowerFirst(title)} happened.`,
  chooseOne: (titles: string[]) =>
    `Which one? ${titles.map((t, i) => `${i + 1}) ${t}`).join(' ')} - reply like ${titles.map((_t, i) => `${i + 1}Y`).join(' ')}`,
  badNumbers: (count: number) =>
    count === 0
      ? `No numbered check-in is open. Reply Y or N to your latest check-in.`
      : `Please answer 1-${count}, like ${Array.from({ length: count }, (_v, i) => `${i + 1}Y`).join(' ')}.`,
  logged: (answers: Answer[], partnerName: string | undefined) => {
    if (answers.length === 1) {
      if (answers[0] === 'kept')
        return `Logged as kept.${partnerName ? ` ${partnerName} will see it.` : ''} Nice work.`;
      if (answers[0] === 'missed') return `Logged. Thanks for being honest - tomorrow is a new chance.`;
      return `Skipped - it won't count against you.`;
    }
    const count = (a: Answer) => answers.filter((x) => x === a).length;
    const parts = [`${count('kept')} kept`, `${count('missed')} missed`, `${count('skipped')} skipped`].filter(
      (p) => !p.startsWith('0 '),
    );
    return `Logged: ${parts.join(', ')}.${count('kept') > 0 && partnerName ? ` ${partnerName} will see what you kept.` : ''}`;
  },
  thanksSent: (ownerName: string) => `Sent your thanks to ${ownerName}.`,
  nothingToThank: (partnerName: string | undefined) =>
    `Nothing to thank for just now. When ${partnerName ?? 'your partner'} keeps a promise you'll get a note, and can reply THANKS.`,
};

export const keptNoticeText = (ownerName: string, title: string) => ({
  body: `${ownerName} kept: ${lowerFirst(title)}. Reply THANKS to let them know you noticed.`,
  subject: `${ownerName} kept: ${lowerFirst(title)}`,
});

export const thanksNoticeText = (thankerName: string, title: string) => ({
  body: `${thankerName} noticed you kept: ${lowerFirst(title)}. Thank you.`,
  subject: `${thankerName} noticed`,
});

/**
 * The SMS reply grammar, as a pure function. Case-insensitive; surrounding spaces and
 * punctuation are ignored. See the README's "Replying by text" for every keyword.
 */

export type Answer = 'kept' | 'missed' | 'skipped';

export type ParsedReply =
  | { type: 'answer'; answer: Answer; note?: string }
  | { type: 'numbered'; answers: Array<{ number: number; answer: Answer }> }
  | { type: 'in-order'; answers: Answer[] }
  | { type: 'thanks' }
  | { type: 'pause'; days: number }
  | { type: 'bad-pause'; reason: string }
  | { type: 'resume' }
  | { type: 'snooze'; minutes: number }
  | { type: 'count'; count: number }
  | { type: 'bad-snooze'; reason: string }
  | { type: 'stop'; word: string }
  | { type: 'start' }
  | { type: 'help' }
  | { type: 'status' }
  | { type: 'own'; note: string }
  | { type: 'supporter-off' }
  | { type: 'supporter-answer'; agree: boolean }
  | { type: 'empty' }
  | { type: 'unknown' };

export const STOP_WORDS = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'OPTOUT', 'REVOKE'] as const;
export const START_WORDS = ['START', 'UNSTOP'] as const;
export const HELP_WORDS = ['HELP', 'INFO'] as const;
export const STATUS_WORDS = ['WEEK', 'STATUS'] as const;
const THANKS_PHRASES = ['THANKS', 'THANK YOU', 'THANKYOU', 'TY', 'THX', 'THANK U', 'TYSM'];
const KEPT_WORDS = ['Y', 'YES', 'YEP', 'YEAH', 'KEPT', 'DONE'];
const MISSED_WORDS = ['N', 'NO', 'NOPE', 'MISSED'];
const SKIP_WORDS = ['SKIP', 'SKIPPED'];
const KEPT_EMOJI = ['\u{1F44D}', '\u2705', '\u2714', '\u2611', '\u{1F44C}', '\u{1F4AA}'];
const HEART_EMOJI = [
  '\u2764',
  '\u2665',
  '\u{1F495}',
  '\u{1F496}',
  '\u{1F497}',
  '\u{1F498}',
  '\u{1F499}',
  '\u{1F49A}',
  '\u{1F49B}',
  '\u{1F49C}',
  '\u{1F5A4}',
  '\u{1F90D}',
  '\u{1F9E1}',
  '\u{1F970}',
  '\u{1F60D}',
  '\u{1F618}',
  '\u{1F64F}',
];

export const MAX_PAUSE_DAYS = 90;
export const DEFAULT_SNOOZE_MINUTES = 30;
export const MAX_SNOOZE_MINUTES = 12 * 60;

/** "SNOOZE", "SNOOZE 30" (minutes), "SNOOZE 45m", "SNOOZE 2h", "SNOOZE 1 hour". */
function parseSnooze(rest: string): ParsedReply {
  if (rest === '') return { type: 'snooze', minutes: DEFAULT_SNOOZE_MINUTES };
  const match = rest.match(/^(\d{1,4}) ?(M|MIN|MINS|MINUTE|MINUTES|H|HR|HRS|HOUR|HOURS)?$/);
  if (!match) return { type: 'bad-snooze', reason: 'Say how long, like SNOOZE 30 (minutes) or SNOOZE 2h.' };
  const minutes = Number(match[1]) * (match[2]?.startsWith('H') ? 60 : 1);
  if (minutes < 1 || minutes > MAX_SNOOZE_MINUTES)
    return { type: 'bad-snooze', reason: `You can snooze for 1 minute to ${MAX_SNOOZE_MINUTES / 60} hours.` };
  return { type: 'snooze', minutes };
}
export const DEFAULT_PAUSE_DAYS = 7;

/** Drops variation selectors, skin tones, zero-width and direction marks, and control characters. */
function clean(text: string): string {
  return text
    .normalize('NFKC')
    .replace(
      /[\uFE0E\uFE0F\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]|\u{1F3FB}|\u{1F3FC}|\u{1F3FD}|\u{1F3FE}|\u{1F3FF}/gu,
      '',
    )
    .replace(/[\p{Cc}\p{Cs}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Punctuation around the whole message ("Yes!", "...stop.") does not change its meaning. */
function stripEdges(text: string): string {
  return text.replace(/^[\s\p{P}]+|[\s\p{P}]+$/gu, '');
}

function wordAnswer(word: string): Answer | null {
  if (KEPT_WORDS.includes(word)) return 'kept';
  if (MISSED_WORDS.includes(word)) return 'missed';
  if (SKIP_WORDS.includes(word)) return 'skipped';
  return null;
}

const letterAnswer = (letter: string): Answer => (letter === 'Y' ? 'kept' : letter === 'N' ? 'missed' : 'skipped');

function parsePause(rest: string): ParsedReply {
  if (rest === '') return { type: 'pause', days: DEFAULT_PAUSE_DAYS };
  const match = rest.match(/^(\d{1,4}) ?(D|DAY|DAYS|W|WK|WKS|WEEK|WEEKS)?$/);
  if (!match) return { type: 'bad-pause', reason: 'Say how long, like PAUSE 3 (days) or PAUSE 2w (weeks).' };
  const amount = Number(match[1]);
  const days = match[2]?.startsWith('W') ? amount * 7 : amount;
  if (days < 1 || days > MAX_PAUSE_DAYS)
    return { type: 'bad-pause', reason: `You can pause for 1 to ${MAX_PAUSE_DAYS} days.` };
  return { type: 'pause', days };
}

/** "1Y 2N", "1 y, 2 n", "Y1 N2" (numbers refer to the last numbered check-in message). */
function parseNumbered(upper: string): ParsedReply | null {
  const compact = upper
    .replace(/[,;/&+.]|\bAND\b/g, ' ')
    .replace(/\b(YES|KEPT|DONE)\b/g, 'Y')
    .replace(/\b(NO|MISSED)\b/g, 'N')
    .replace(/\bSKIP\b/g, 'S')
    .replace(/\s+/g, ' ')
    .trim();
  const numberFirst = /^(?:\d{1,2} ?[YNS] ?)+$/;
  const letterFirst = /^(?:[YNS] ?\d{1,2} ?)+$/;
  let pairs: Array<[string, string]> = [];
  if (numberFirst.test(compact)) pairs = [...compact.matchAll(/(\d{1,2}) ?([YNS])/g)].map((m) => [m[1]!, m[2]!]);
  else if (letterFirst.test(compact)) pairs = [...compact.matchAll(/([YNS]) ?(\d{1,2})/g)].map((m) => [m[2]!, m[1]!]);
  else if (/^(?:[YNS] ?){2,}$/.test(compact)) {
    return { type: 'in-order', answers: compact.replace(/ /g, '').split('').map(letterAnswer) };
  } else return null;
  const answers = pairs.map(([n, letter]) => ({ number: Number(n), answer: letterAnswer(letter) }));
  if (answers.some((a) => a.number < 1)) return null;
  return { type: 'numbered', answers };
}

/**
 * "YES" or "NO" and nothing else (any case, punctuation around it): what answers a supporter
 * request while one waits (rule in shared/supporters/supporter-reply.ts). Y, N and longer texts never do.
 */
export function bareYesNo(body: string): 'yes' | 'no' | null {
  const upper = stripEdges(clean(body ?? '')).toUpperCase();
  return upper === 'YES' ? 'yes' : upper === 'NO' ? 'no' : null;
}

export function parseReply(body: string): ParsedReply {
  const cleaned = clean(body ?? '');
  if (cleaned === '') return { type: 'empty' };
  const stripped = stripEdges(cleaned);
  const upper = stripped.toUpperCase();

  if (upper === '') {
    // Only punctuation and emoji: look at the emoji.
    if (KEPT_EMOJI.some((e) => cleaned.includes(e))) return { type: 'answer', answer: 'kept' };
    if (HEART_EMOJI.some((e) => cleaned.includes(e))) return { type: 'thanks' };
    return { type: 'unknown' };
  }
  if ((STOP_WORDS as readonly string[]).includes(upper)) return { type: 'stop', word: upper };
  if ((START_WORDS as readonly string[]).includes(upper)) return { type: 'start' };
  if ((HELP_WORDS as readonly string[]).includes(upper)) return { type: 'help' };
  if ((STATUS_WORDS as readonly string[]).includes(upper)) return { type: 'status' };
  // OWN <what happened and what I will do>: the note keeps the partner's own words and case.
  if (upper === 'OWN' || /^OWN[\s:,-]/.test(upper))
    return {
      type: 'own',
      note: cleaned
        .replace(/^[\s\p{P}]+/u, '')
        .slice(3)
        .replace(/^[\s:,-]+/, '')
        .trim()
        .slice(0, 300),
    };
  // Either partner ends the supporter's view at once (README: "A supporter's view").
  if (/^SUPPORTERS? OFF$/.test(upper.replace(/\s+/g, ' '))) return { type: 'supporter-off' };
  // The unmistakable answer to a supporter request (a bare YES or NO: see bareYesNo).
  const supporterAnswer = upper.replace(/\s+/g, ' ').match(/^SUPPORTERS? (YES|NO)$/);
  if (supporterAnswer) return { type: 'supporter-answer', agree: supporterAnswer[1] === 'YES' };
  if (upper === 'RESUME' || upper === 'UNPAUSE') return { type: 'resume' };
  if (upper === 'PAUSE' || upper.startsWith('PAUSE ')) return parsePause(upper.slice(5).trim());
  if (upper === 'SNOOZE' || upper.startsWith('SNOOZE ')) return parseSnooze(upper.slice(6).trim());
  if (
    THANKS_PHRASES.some(
      (phrase) => upper === phrase || upper.startsWith(`${phrase} `) || upper.startsWith(`${phrase},`),
    )
  ) {
    return { type: 'thanks' };
  }

  // A bare number answers a "How many times today?" check-in.
  if (/^\d{1,3}$/.test(upper)) return { type: 'count', count: Number(upper) };

  const numbered = parseNumbered(upper);
  if (numbered) return numbered;

  // An answer word, then an optional note: "Y called at 12:40", "No - stuck at work".
  const firstToken = cleaned.match(/^[\s\p{P}]*([^\s\p{P}]+)/u)?.[1] ?? '';
  const emojiAnswer = KEPT_EMOJI.some((e) => firstToken.startsWith(e)) ? 'kept' : null;
  const answer = emojiAnswer ?? wordAnswer(firstToken.toUpperCase());
  if (answer) {
    const afterToken = cleaned.slice(cleaned.indexOf(firstToken) + firstToken.length);
    const note = afterToken
      .replace(/^[\s\p{P}]+/u, '')
      .trim()
      .slice(0, 500);
    return note ? { type: 'answer', answer, note } : { type: 'answer', answer };
  }
  if (HEART_EMOJI.some((e) => cleaned.startsWith(e))) return { type: 'thanks' };
  return { type: 'unknown' };
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseReply, type ParsedReply } from '../../shared/replies/parse-reply.ts';
import { normalizePhone } from '../../shared/replies/phone.ts';

/** Every body listed parses to the same reply. */
const alike = (expected: ParsedReply, ...bodies: string[]): Array<[string, ParsedReply]> =>
  bodies.map((body) => [body, expected]);

const FIRST_KEPT_SECOND_MISSED: ParsedReply = {
  type: 'numbered',
  answers: [
    { number: 1, answer: 'kept' },
    { number: 2, answer: 'missed' },
  ],
};

const cases: Array<[string, ParsedReply]> = [
  ...alike(
    { type: 'answer', answer: 'kept' },
    'Y',
    'y',
    '  Yes! ',
    'KEPT',
    'done.',
    '\u{1F44D}',
    '\u{1F44D}\u{1F3FD}',
    '\u2705',
    '\u2714\uFE0F',
  ),
  ['Y called at 12:40', { type: 'answer', answer: 'kept', note: 'called at 12:40' }],
  ...alike({ type: 'answer', answer: 'missed' }, 'N', 'no', 'MISSED'),
  ['No - stuck at work', { type: 'answer', answer: 'missed', note: 'stuck at work' }],
  ['skip', { type: 'answer', answer: 'skipped' }],
  ...alike(FIRST_KEPT_SECOND_MISSED, '1Y 2N', '1 y, 2 n', 'Y1 N2', '1y2n', '1 yes 2 no'),
  ['2S', { type: 'numbered', answers: [{ number: 2, answer: 'skipped' }] }],
  ['YN', { type: 'in-order', answers: ['kept', 'missed'] }],
  ['y n y', { type: 'in-order', answers: ['kept', 'missed', 'kept'] }],
  ...alike({ type: 'thanks' }, 'THANKS', 'Thank you!', 'ty', 'thanks love', '\u2764\uFE0F', '\u{1F495}'),
  ['PAUSE', { type: 'pause', days: 7 }],
  ['SNOOZE', { type: 'snooze', minutes: 30 }],
  ['2', { type: 'count', count: 2 }],
  [' 0 ', { type: 'count', count: 0 }],
  ['snooze 30', { type: 'snooze', minutes: 30 }],
  ['Snooze 45m', { type: 'snooze', minutes: 45 }],
  ['SNOOZE 2h', { type: 'snooze', minutes: 120 }],
  ['snooze 1 hour', { type: 'snooze', minutes: 60 }],
  ['SNOOZE later', { type: 'bad-snooze', reason: 'Say how long, like SNOOZE 30 (minutes) or SNOOZE 2h.' }],
  ['SNOOZE 13h', { type: 'bad-snooze', reason: 'You can snooze for 1 minute to 12 hours.' }],
  ...alike({ type: 'pause', days: 3 }, 'pause 3', 'PAUSE 3d'),
  ...alike({ type: 'pause', days: 14 }, 'Pause 2w', 'PAUSE 2 weeks'),
  ['PAUSE 0', { type: 'bad-pause', reason: 'You can pause for 1 to 90 days.' }],
  ['PAUSE forever', { type: 'bad-pause', reason: 'Say how long, like PAUSE 3 (days) or PAUSE 2w (weeks).' }],
  ['RESUME', { type: 'resume' }],
  ...alike({ type: 'stop', word: 'STOP' }, 'STOP', 'stop.'),
  ['Unsubscribe', { type: 'stop', word: 'UNSUBSCRIBE' }],
  ...(['STOPALL', 'CANCEL', 'END', 'QUIT', 'OPTOUT', 'REVOKE'] as const).map((w): [string, ParsedReply] => [
    w.toLowerCase(),
    { type: 'stop', word: w },
  ]),
  ...alike({ type: 'start' }, 'START', 'unstop'),
  ...alike({ type: 'help' }, 'HELP', 'info'),
  ...alike({ type: 'status' }, 'WEEK', 'status?'),
  ...alike({ type: 'empty' }, '', '   ', '\u200B\u200F'),
  ...alike(
    { type: 'unknown' },
    'Yesterday was hard',
    'Nothing to report',
    'stop it you two',
    '\u{1F600}',
    '<script>alert(1)</script>',
    "'; DROP TABLE kept; --",
    '{{7*7}}',
  ),
];

describe('the reply grammar', () => {
  it.each(cases)('%j', (body, expected) => {
    expect(parseReply(body)).toEqual(expected);
  });

  it('keeps a long note short and never throws on a 1,600-character body', () => {
    const parsed = parseReply(`Y ${'x'.repeat(1600)}`);
    expect(parsed).toMatchObject({ type: 'answer', answer: 'kept' });
    expect((parsed as { note: string }).note.length).toBe(500);
  });

  it('property: never throws and always returns a known type, whatever the text', () => {
    const types = new Set([
      'answer',
      'numbered',
      'in-order',
      'thanks',
      'pause',
      'bad-pause',
      'resume',
      'stop',
      'start',
      'help',
      'status',
      'own',
      'empty',
      'unknown',
      'snooze',
      'bad-snooze',
      'count',
    ]);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 200 }),
          fc.string({ unit: 'binary', maxLength: 200 }),
          fc.string({ unit: 'grapheme', maxLength: 50 }),
        ),
        (body) => {
          const parsed = parseReply(body);
          return types.has(parsed.type);
        },
      ),
      { numRuns: 2000, seed: 3 },
    );
  });

  it('property: any casing and surrounding punctuation of a keyword means the same', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('STOP', 'HELP', 'YES', 'PAUSE 3', 'THANKS', 'START'),
        fc.boolean(),
        fc.constantFrom('', '!', '.', '  ', '?!'),
        (word, lower, edge) => {
          const variant = `${edge}${lower ? word.toLowerCase() : word}${edge}`;
          return JSON.stringify(parseReply(variant)) === JSON.stringify(parseReply(word));
        },
      ),
      { numRuns: 300, seed: 5 },
    );
  });
});

describe('phone normalisation', () => {
  it.each([
    ['+15555550101', '+15555550101'],
    ['(555) 555-0101', '+15555550101'],
    ['1-555-555-0101', '+15555550101'],
    ['+44 7700 900123', '+447700900123'],
    ['0044 7700 900123', '+447700900123'],
    ['011 44 7700 900123', '+447700900123'],
  ])('%s -> %s', (raw, expected) => expect(normalizePhone(raw)).toBe(expected));

  it.each(['', 'hello', '12345', '+0123456789', '555-CALL-NOW'])('refuses %j', (raw) =>
    expect(normalizePhone(raw)).toBeNull(),
  );
});

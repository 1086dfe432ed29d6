import { describe, expect, it } from 'vitest';
import { parseReply, type ParsedReply } from '../../shared/replies/parse-reply.ts';

const cases: Array<[string, ParsedReply]> = [
  [
    'OWN I let a meeting run over. Tomorrow I block 12:30.',
    { type: 'own', note: 'I let a meeting run over. Tomorrow I block 12:30.' },
  ],
  ['own: forgot, setting an alarm now', { type: 'own', note: 'forgot, setting an alarm now' }],
  ['Own - I was tired; I will call at noon', { type: 'own', note: 'I was tired; I will call at noon' }],
  ['  OWN  ', { type: 'own', note: '' }],
  ['OWN', { type: 'own', note: '' }],
  // Not the keyword: words that start with the same letters.
  ['Owning up is hard', { type: 'unknown' }],
  ['Owned it', { type: 'unknown' }],
];

describe('the OWN reply', () => {
  it.each(cases)('%j', (body, expected) => {
    expect(parseReply(body)).toEqual(expected);
  });

  it('keeps the note at most 300 characters', () => {
    const parsed = parseReply(`OWN ${'x'.repeat(400)}`) as { note: string };
    expect(parsed.note).toHaveLength(300);
  });
});

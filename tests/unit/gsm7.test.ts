import { describe, expect, it } from 'vitest';
import { isGsm7, toGsm7 } from '../../shared/messages/gsm7.ts';
import { checkInText } from '../../shared/messages/texts.ts';

describe('GSM-7 texts', () => {
  it('replaces curly quotes, dashes and ellipses and drops emoji', () => {
    expect(toGsm7('Don\u2019t forget \u201cus\u201d \u2014 love you\u2026 \u{1F49B}')).toBe(
      'Don\'t forget "us" - love you...',
    );
    expect(toGsm7('Caf\u00e9 cr\u00e8me')).toBe('Café crème'); // é and è are in GSM-7
    expect(toGsm7('\u0141\u00f3d\u017a')).toBe('Lodz');
  });

  it('keeps check-in texts in GSM-7 and within one segment', () => {
    const single = checkInText(['Call Alex at lunch']).body;
    expect(single).toBe('Did you call Alex at lunch today? Reply Y or N');
    const merged = checkInText(['Call Alex at lunch', 'Leave a note']).body;
    expect(merged).toBe('Check-in: 1) Call Alex at lunch 2) Leave a note - reply like 1Y 2Y');
    for (const body of [single, merged]) {
      expect(isGsm7(body)).toBe(true);
      expect(body.length).toBeLessThanOrEqual(160);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { checkInUrl } from '../../shared/links/checkin-link.ts';
import { conversationUrl } from '../../shared/links/conversation-link.ts';
import { joinUrl } from '../../shared/links/join-link.ts';
import { supporterAgreeUrl, supporterConfirmUrl } from '../../shared/links/supporter-link.ts';
import { unsubscribeUrl } from '../../shared/links/unsubscribe.ts';

describe('link addresses', () => {
  it('each link is {public URL}/{its path}/{token}, whether or not the public URL ends in a slash', () => {
    const builders = [
      [checkInUrl, 'c'],
      [conversationUrl, 'a'],
      [joinUrl, 'j'],
      [supporterAgreeUrl, 'sa'],
      [supporterConfirmUrl, 'sc'],
      [unsubscribeUrl, 'u'],
    ] as const;
    for (const [build, path] of builders) {
      expect(build('https://kept.example.com', 'tok.sig')).toBe(`https://kept.example.com/${path}/tok.sig`);
      expect(build('https://kept.example.com/', 'tok.sig')).toBe(`https://kept.example.com/${path}/tok.sig`);
    }
  });
});

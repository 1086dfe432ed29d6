import twilioWebhooks from 'twilio/lib/webhooks/webhooks.js';
import { describe, expect, it } from 'vitest';
import { HOSTILE_STRINGS, LONE_SURROGATES } from '../helpers/hostile-corpus.ts';
import {
  PUBLIC_URL as PUBLIC,
  TWILIO_TOKEN as TOKEN,
  usePublicAndTwilioRouter,
} from '../helpers/public-and-twilio-router.ts';

const STRINGS = [...HOSTILE_STRINGS, ...LONE_SURROGATES];
const { handle, request, snapshot } = usePublicAndTwilioRouter();

describe('the SMS webhook against hostile input: a 4xx or a harmless answer, never a 500, and nothing changed by a refusal', () => {
  it('the SMS webhook: hostile texts are answered harmlessly; forged signatures and wrong types refused', async () => {
    const sign = (params: Record<string, string>, path = '/webhooks/twilio/sms') =>
      twilioWebhooks.getExpectedTwilioSignature(TOKEN, `${PUBLIC}${path}`, params);
    let n = 0;
    for (const text of STRINGS) {
      const params = { MessageSid: `SMhostile${n++}`, From: '+15555550101', To: '+15550001111', Body: text };
      const response = await handle(
        request('POST', '/webhooks/twilio/sms', new URLSearchParams(params).toString(), {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': sign(params),
        }),
      );
      expect(response.status, JSON.stringify(text).slice(0, 30)).toBe(200);
    }
    for (const from of ['', 'STOP', '+1'.repeat(100), '<script>', '+15555550101\r\nX: y']) {
      const params = { MessageSid: `SMfrom${n++}`, From: from, Body: 'Y' };
      expect(
        (
          await handle(
            request('POST', '/webhooks/twilio/sms', new URLSearchParams(params).toString(), {
              'content-type': 'application/x-www-form-urlencoded',
              'x-twilio-signature': sign(params),
            }),
          )
        ).status,
      ).toBeLessThan(500);
    }
    const before = await snapshot();
    const params = { MessageSid: 'SMforged', From: '+15555550101', Body: 'STOP' };
    for (const signature of [
      '',
      'forged',
      sign({ ...params, Body: 'HELP' }),
      sign(params, '/webhooks/twilio/status'),
    ]) {
      expect(
        (
          await handle(
            request('POST', '/webhooks/twilio/sms', new URLSearchParams(params).toString(), {
              'content-type': 'application/x-www-form-urlencoded',
              'x-twilio-signature': signature,
            }),
          )
        ).status,
      ).toBe(403);
    }
    expect(
      (
        await handle(
          request('POST', '/webhooks/twilio/sms', JSON.stringify(params), { 'x-twilio-signature': sign(params) }),
        )
      ).status,
    ).toBe(415);
    expect(
      (
        await handle(
          request('POST', '/webhooks/twilio/status', 'MessageSid=x&MessageStatus=failed', {
            'content-type': 'application/x-www-form-urlencoded',
            'x-twilio-signature': 'x',
          }),
        )
      ).status,
    ).toBe(403);
    expect(await snapshot()).toBe(before);
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import twilioWebhooks from 'twilio/lib/webhooks/webhooks.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../local/commands/start.ts';
import { readLocalSettings } from '../../shared/config/local-settings.ts';
import { main } from '../../local/cli.ts';
import { isSignedByTwilio } from '../../shared/http/twilio-routes.ts';
import { connectStore } from '../../local/embedded-store.ts';
import { getPartner } from '../../shared/store/partner-repository.ts';
import { queryPairPrefix } from '../../shared/store/query-all.ts';
import type { Store } from '../../shared/store/store.ts';
import { examplePlan } from '../helpers/plans.ts';
import { startTwilioFake } from '../helpers/twilio-fake.ts';
import { eventually } from '../helpers/eventually.ts';
import { twilioFakeSettings } from '../helpers/provider-settings.ts';

const SID = `AC${'3'.repeat(32)}`;
const TOKEN = 'webhook-test-token-456';
const PUBLIC = 'https://kept.example.com';
const SAM = '+15555550101';
let dir: string;
let fake: Awaited<ReturnType<typeof startTwilioFake>>;
let server: RunningServer;
let store: Store;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kept-webhook-'));
  fake = await startTwilioFake(SID, TOKEN);
  const quiet = { info() {}, error() {} };
  const settings = readLocalSettings({
    KEPT_DATA_DIR: join(dir, 'data'),
    KEPT_PORT: '0',
    ...twilioFakeSettings(fake, SID, TOKEN),
    KEPT_PUBLIC_URL: PUBLIC,
  });
  server = await startServer(settings, quiet);
  const planPath = join(dir, 'plan.json');
  const plan = examplePlan();
  plan.partners[0]!.channel = 'both'; // Sam has email too, for the fallback
  writeFileSync(planPath, JSON.stringify(plan));
  expect(await main(['apply', planPath, '--data', join(dir, 'data')], quiet)).toBe(0);
  store = await connectStore(server.storeEndpoint);
});
afterAll(async () => {
  await server.stop();
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

function post(
  path: string,
  params: Record<string, string>,
  signature: string | null,
  contentType = 'application/x-www-form-urlencoded',
) {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': contentType, ...(signature ? { 'x-twilio-signature': signature } : {}) },
    body: new URLSearchParams(params).toString(),
  });
}
const sign = (path: string, params: Record<string, string>, url = `${PUBLIC}${path}`) =>
  twilioWebhooks.getExpectedTwilioSignature(TOKEN, url, params);
const inbound = (sid: string, body: string, extra: Record<string, string> = {}) => ({
  MessageSid: sid,
  AccountSid: SID,
  From: SAM,
  To: '+15550001111',
  Body: body,
  ...extra,
});
const inboundRecords = async () => (await queryPairPrefix(store, 'PAIR#sam-alex', 'IN#')).length;

describe('the Twilio webhook signature', () => {
  it("accepts Twilio's published test vector", () => {
    const params = {
      CallSid: 'CA1234567890ABCDE',
      Caller: '+14158675309',
      Digits: '1234',
      From: '+14158675309',
      To: '+18005551212',
    };
    const request = {
      method: 'POST',
      path: '/myapp.php',
      query: new URLSearchParams('foo=1&bar=2'),
      headers: { 'x-twilio-signature': 'RSOYDt4T1cUTdK1PDd93/VVr8B8=' },
      body: '',
      sourceIp: '',
    };
    expect(isSignedByTwilio(request, '12345', 'https://mycompany.com', params)).toBe(true);
    expect(
      isSignedByTwilio(
        { ...request, headers: { 'x-twilio-signature': 'RSOYDt4T1cUTdK1PDd93/VVr8B9=' } },
        '12345',
        'https://mycompany.com',
        params,
      ),
    ).toBe(false);
    expect(isSignedByTwilio(request, '12345', 'https://mycompany.com', { ...params, Digits: '1235' })).toBe(false);
  });
});

describe('POST /webhooks/twilio/sms on the local server, over HTTP', () => {
  it('refuses an unsigned or wrongly signed request with 403 and changes nothing', async () => {
    const before = await inboundRecords();
    const params = inbound('SMunsigned', 'STOP');
    expect((await post('/webhooks/twilio/sms', params, null)).status).toBe(403);
    expect(
      (await post('/webhooks/twilio/sms', params, sign('/webhooks/twilio/sms', { ...params, Body: 'HELP' }))).status,
    ).toBe(403);
    const otherToken = twilioWebhooks.getExpectedTwilioSignature(
      'not-the-token',
      `${PUBLIC}/webhooks/twilio/sms`,
      params,
    );
    expect((await post('/webhooks/twilio/sms', params, otherToken)).status).toBe(403);
    expect(await inboundRecords()).toBe(before);
    expect((await getPartner(store, 'sam-alex', 'sam'))?.smsOptedOut).toBeUndefined();
  });

  it('refuses a body that is not a form with 415', async () => {
    const response = await post('/webhooks/twilio/sms', inbound('SMjson', 'Y'), 'x', 'application/json');
    expect(response.status).toBe(415);
    expect((await response.json()).error.code).toBe('unsupported_media_type');
  });

  it('answers a signed message with TwiML, handles it, and sends the reply through Twilio', async () => {
    const params = inbound('SMhelp1', 'HELP');
    const response = await post('/webhooks/twilio/sms', params, sign('/webhooks/twilio/sms', params));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/xml/);
    expect(await response.text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
    // The reply goes out after the webhook answered.
    await eventually(() =>
      expect(fake.messages.filter((m) => m.to === SAM && m.body.startsWith('Kept: reminders'))).toHaveLength(1),
    );
  });

  it('accepts a signature made over the URL with an explicit :443, as Twilio may sign it', async () => {
    const params = inbound('SMport', 'WEEK');
    const signature = sign('/webhooks/twilio/sms', params, 'https://kept.example.com:443/webhooks/twilio/sms');
    expect((await post('/webhooks/twilio/sms', params, signature)).status).toBe(200);
  });

  it('handles the same MessageSid once, however often Twilio retries it', async () => {
    const params = inbound('SMdup', 'WEEK');
    for (let i = 0; i < 3; i++)
      expect((await post('/webhooks/twilio/sms', params, sign('/webhooks/twilio/sms', params))).status).toBe(200);
    await eventually(() =>
      expect(fake.messages.filter((m) => m.to === SAM && m.body.startsWith('This week so far'))).toHaveLength(2),
    ); // this one and the :443 test's, not four
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fake.messages.filter((m) => m.to === SAM && m.body.startsWith('This week so far'))).toHaveLength(2);
  });

  it('handles Twilio\'s fallback request (the README\'s "Primary handler fails" URL) once, late primary or not', async () => {
    // When the primary request fails (a 500, a timeout), Twilio posts the same message to the
    // fallback URL with ErrorCode and ErrorUrl added, signed over the fallback URL.
    const fallback = (params: Record<string, string>) => ({
      ...params,
      ErrorCode: '11200',
      ErrorUrl: `${PUBLIC}/webhooks/twilio/sms`,
    });
    const week = (sid: string) => inbound(sid, 'WEEK');
    const weekReplies = () => fake.messages.filter((m) => m.to === SAM && m.body.startsWith('This week so far'));
    const before = weekReplies().length;
    const lost = fallback(week('SMfallback1'));
    expect((await post('/webhooks/twilio/sms', lost, sign('/webhooks/twilio/sms', lost))).status).toBe(200);
    await eventually(() => expect(weekReplies()).toHaveLength(before + 1));
    // A primary that was handled but answered too late: its fallback changes nothing.
    const late = week('SMfallback2');
    expect((await post('/webhooks/twilio/sms', late, sign('/webhooks/twilio/sms', late))).status).toBe(200);
    const again = fallback(late);
    expect((await post('/webhooks/twilio/sms', again, sign('/webhooks/twilio/sms', again))).status).toBe(200);
    await eventually(() => expect(weekReplies()).toHaveLength(before + 2));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(weekReplies()).toHaveLength(before + 2);
  });

  it("honours Twilio's OptOutType, then START again", async () => {
    const stop = inbound('SMoptout', 'please stop texting', { OptOutType: 'STOP' });
    expect((await post('/webhooks/twilio/sms', stop, sign('/webhooks/twilio/sms', stop))).status).toBe(200);
    expect((await getPartner(store, 'sam-alex', 'sam'))?.smsOptedOut).toBe(true);
    const start = inbound('SMoptin', 'START', { OptOutType: 'START' });
    await post('/webhooks/twilio/sms', start, sign('/webhooks/twilio/sms', start));
    expect((await getPartner(store, 'sam-alex', 'sam'))?.smsOptedOut).toBe(false);
  });
});

describe('POST /webhooks/twilio/status', () => {
  it('updates the message log, and an undelivered text falls back to email once', async () => {
    const help = inbound('SMhelp2', 'HELP');
    const before = fake.messages.length;
    await post('/webhooks/twilio/sms', help, sign('/webhooks/twilio/sms', help));
    await eventually(() => expect(fake.messages.length).toBe(before + 1));
    const sent = fake.messages.filter((m) => m.to === SAM).at(-1)!;
    const report = (status: string, code?: string) => ({
      MessageSid: sent.sid,
      MessageStatus: status,
      AccountSid: SID,
      ...(code ? { ErrorCode: code } : {}),
    });
    const delivered = report('sent');
    expect((await post('/webhooks/twilio/status', delivered, sign('/webhooks/twilio/status', delivered))).status).toBe(
      204,
    );
    const failed = report('undelivered', '30003');
    expect((await post('/webhooks/twilio/status', failed, sign('/webhooks/twilio/status', failed))).status).toBe(204);
    await post('/webhooks/twilio/status', failed, sign('/webhooks/twilio/status', failed)); // a retried callback
    const messages = await queryPairPrefix(store, 'PAIR#sam-alex', 'MSG#');
    const logged = messages.find((m) => m.providerId === sent.sid);
    expect(logged).toMatchObject({ status: 'undelivered', errorCode: '30003' });
    // An earlier stage arriving late does not overwrite a later one.
    const late = report('queued');
    await post('/webhooks/twilio/status', late, sign('/webhooks/twilio/status', late));
    expect((await queryPairPrefix(store, 'PAIR#sam-alex', 'MSG#')).find((m) => m.providerId === sent.sid)?.status).toBe(
      'undelivered',
    );
    // The email fallback: same text, once (email goes to the local outbox here).
    await eventually(async () => {
      const outbox = await (await fetch(`${server.url}/outbox.json`)).json();
      expect(
        outbox.messages.filter((m: { channel: string; body: string }) => m.channel === 'email' && m.body === sent.body),
      ).toHaveLength(1);
    });
  });

  it('refuses an unsigned status callback', async () => {
    expect(
      (await post('/webhooks/twilio/status', { MessageSid: 'SMx', MessageStatus: 'failed', ErrorCode: '21610' }, null))
        .status,
    ).toBe(403);
  });
});

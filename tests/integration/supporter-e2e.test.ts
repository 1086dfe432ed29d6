import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import twilioWebhooks from 'twilio/lib/webhooks/webhooks.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../local/commands/start.ts';
import { connectStore } from '../../local/embedded-store.ts';
import { readLocalSettings } from '../../shared/config/local-settings.ts';
import { supporterConfirmToken } from '../../shared/links/supporter-link.ts';
import { applyPlan } from '../../shared/plan/apply-plan.ts';
import type { Store } from '../../shared/store/store.ts';
import { getAgreement } from '../../shared/store/supporter-repository.ts';
import { examplePlan, validPlan } from '../helpers/plans.ts';
import { startSesLocal } from '../helpers/ses-local.ts';
import { startTwilioFake } from '../helpers/twilio-fake.ts';
import { sesLocalSettings, twilioFakeSettings } from '../helpers/provider-settings.ts';

const SID = `AC${'6'.repeat(32)}`;
const TOKEN = 'supporter-e2e-token';
const PUBLIC = 'https://kept.example.com';
const SAM_EMAIL = 'sam@example.com';
const ALEX = '+447700900123';
const LEE = 'lee@example.org';
const clock = { now: Date.parse('2026-11-23T12:00:00Z') };

let twilio: Awaited<ReturnType<typeof startTwilioFake>>;
let ses: Awaited<ReturnType<typeof startSesLocal>>;
let server: RunningServer;
let store: Store;
let dir: string;
const lines: string[] = [];

beforeAll(async () => {
  twilio = await startTwilioFake(SID, TOKEN, { now: () => clock.now });
  ses = await startSesLocal();
  dir = mkdtempSync(join(tmpdir(), 'kept-supporter-'));
  const settings = readLocalSettings({
    KEPT_DATA_DIR: join(dir, 'data'),
    KEPT_PORT: '0',
    KEPT_PUBLIC_URL: PUBLIC,
    ...twilioFakeSettings(twilio, SID, TOKEN),
    ...sesLocalSettings(ses),
    AWS_SECRET_ACCESS_KEY: 'local',
  });
  server = await startServer(settings, { info: (l) => lines.push(l), error: (l) => lines.push(l) }, () => clock.now);
  store = await connectStore(server.storeEndpoint);
  // A couple already using Kept (Sam by email, Alex by text) adds Dr. Lee, marked confirmed in
  // the file: with real providers that confirms nothing; both partners are asked.
  const plan = examplePlan();
  plan.partners[0]!.channel = 'email';
  await applyPlan(store, validPlan(plan), clock.now);
  plan.supporters = [{ id: 'dr-lee', name: 'Dr. Lee', email: LEE, consent: 'confirmed' }];
  await applyPlan(store, validPlan(plan), clock.now, { planConsent: 'ask' });
});
afterAll(async () => {
  await server?.stop();
  await twilio?.close();
  await ses?.close();
  rmSync(dir, { recursive: true, force: true });
});

const at = async (iso: string) => {
  clock.now = Date.parse(iso);
  await server.engine.runOnce();
};
const linkIn = async (to: string) => {
  const email = (await ses.emails(to)).at(-1);
  const match = email?.body.text?.match(/https:\/\/kept\.example\.com(\/s[ac]\/[\w.-]+)/);
  return match?.[1] ?? null;
};
const form = (path: string, answer?: string) =>
  fetch(`${server.url}${path}`, {
    method: answer ? 'POST' : 'GET',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    ...(answer ? { body: `answer=${answer}` } : {}),
  });
const textFrom = (from: string, sid: string, body: string) => {
  const params = { MessageSid: sid, AccountSid: SID, From: from, To: '+15550001111', Body: body };
  return fetch(`${server.url}/webhooks/twilio/sms`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilioWebhooks.getExpectedTwilioSignature(TOKEN, `${PUBLIC}/webhooks/twilio/sms`, params),
    },
    body: new URLSearchParams(params).toString(),
  });
};
const status = async () => (await getAgreement(store, 'sam-alex', 'dr-lee'))?.status;

describe('the supporter agreement through kept start, Twilio and SES over HTTP', () => {
  it('asks Sam by email and Alex by text; nobody but both partners and then the supporter can confirm', async () => {
    await at('2026-11-23T12:31:00Z'); // after Sam's quiet hours
    expect(
      twilio.messages.filter((m) => m.to === ALEX && m.body.startsWith(`Add Dr. Lee (${LEE}) as your supporter?`)),
    ).toHaveLength(1);
    // The partners agree to an address, not a name: the request shows where the summary would go.
    expect((await ses.emails(SAM_EMAIL)).at(-1)?.body.text).toContain(`add Dr. Lee (${LEE}) as your supporter`);
    const samLink = (await linkIn(SAM_EMAIL))!;
    expect(samLink).toMatch(/^\/sa\//);

    // A stranger: a forged link, and a confirmation link signed with another secret, do nothing.
    const [body, signature] = samLink.slice(4).split('.');
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(body!, 'base64url').toString()), r: 'alex' }),
    ).toString('base64url');
    expect((await form(`/sa/${forged}.${signature}`, 'yes')).status).toBe(404);
    const requestId = (await getAgreement(store, 'sam-alex', 'dr-lee'))!.requestId;
    const guessed = supporterConfirmToken('a-guess-at-the-secret-0123456789abc', {
      pairId: 'sam-alex',
      supporterId: 'dr-lee',
      requestId,
      expiresAt: clock.now + 86_400_000,
    });
    expect((await form(`/sc/${guessed}`, 'yes')).status).toBe(404);

    // Opening the link (a mail scanner) changes nothing; Sam's POST is one yes of two.
    expect((await form(samLink)).status).toBe(200);
    expect((await getAgreement(store, 'sam-alex', 'dr-lee'))?.answers).toEqual({});
    expect((await form(samLink, 'yes')).status).toBe(200);
    expect((await form(samLink, 'yes')).status).toBe(409); // one partner alone, again
    await at('2026-11-23T12:40:00Z');
    expect(await ses.emails(LEE)).toEqual([]);
    expect(await status()).toBe('asking');

    // A stranger's SUPPORTER YES, signed by Twilio but from a number no pair knows, is nobody's answer.
    expect((await textFrom('+15555550199', 'SMstranger', 'SUPPORTER YES')).status).toBe(200);
    await at('2026-11-23T12:40:30Z');
    expect(await status()).toBe('asking');

    // Alex's SUPPORTER YES by text: both agreed, the supporter is asked, by email, with their own link.
    expect((await textFrom(ALEX, 'SMyes1', 'SUPPORTER YES')).status).toBe(200);
    await at('2026-11-23T12:41:00Z');
    expect(await status()).toBe('agreed');
    const leeLink = (await linkIn(LEE))!;
    expect(leeLink).toMatch(/^\/sc\//);
    expect((await ses.emails(LEE))[0]!.subject).toBe('Sam & Alex: would you be their supporter on Kept?');
    // The supporter's link is not a partner's, and opening it changes nothing.
    expect((await form(`/sa/${leeLink.slice(4)}`, 'yes')).status).toBe(404);
    expect((await form(leeLink)).status).toBe(200);
    expect(await status()).toBe('agreed');
    expect((await form(leeLink, 'yes')).status).toBe(200);
    expect(await status()).toBe('confirmed');

    await at('2026-11-29T23:00:00Z'); // Sunday 18:00 in New York
    expect((await ses.emails(LEE)).map((e) => e.subject)).toEqual([
      'Sam & Alex: would you be their supporter on Kept?',
      'Kept: Sam & Alex, this week',
    ]);
    // Never an address, a number or a link's token in the log.
    const log = lines.join('\n');
    expect(log).toMatch(/message sent.*supporter-confirm/); // the log is there, and says what went out
    for (const secret of [LEE, SAM_EMAIL, ALEX, samLink.slice(4), leeLink.slice(4)]) expect(log).not.toContain(secret);
  });
});

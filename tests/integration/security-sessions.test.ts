import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes } from '../../shared/api/api-routes.ts';
import { SIGN_IN_CAPPED_METRIC } from '../../shared/api/auth-routes.ts';
import { OutboxChannel } from '../../shared/channels/outbox-channel.ts';
import { TwilioSmsChannel } from '../../shared/channels/twilio-sms-channel.ts';
import { InProcessQueue } from '../../shared/delivery/queue.ts';
import { createRouter } from '../../shared/http/router.ts';
import type { HttpRequest, HttpResponse } from '../../shared/http/types.ts';
import { applyPlan } from '../../shared/plan/apply-plan.ts';
import { setSmsOptOut, getPartner } from '../../shared/store/partner-repository.ts';
import type { Store } from '../../shared/store/store.ts';
import type { Logger } from '../../shared/util/logger.ts';
import { examplePlan, validPlan } from '../helpers/plans.ts';
import { useEmbeddedStore } from '../helpers/store.ts';
import { scanTable } from '../helpers/table-snapshot.ts';
import { startTwilioFake } from '../helpers/twilio-fake.ts';

const SID = `AC${'5'.repeat(32)}`;
const TOKEN = 'sessions-test-token';
const SAM = '+15555550101';
const ALEX = '+447700900123';
const embedded = useEmbeddedStore();
const clock = { now: Date.parse('2026-11-24T15:00:00Z') };
let store: Store;
let twilio: Awaited<ReturnType<typeof startTwilioFake>>;
const logLines: Array<{ message: string; fields?: Record<string, unknown> }> = [];
const logger: Logger = {
  info: (message, fields) => logLines.push({ message, fields }),
  warn: (message, fields) => logLines.push({ message, fields }),
  error: (message, fields) => logLines.push({ message, fields }),
};

/** The API with SMS through Twilio (a stand-in over HTTP): codes really go out, so who gets them matters. */
function api(options: { signInCodesPerDay?: number } = {}) {
  const sms = new TwilioSmsChannel({ accountSid: SID, authToken: TOKEN, apiUrl: twilio.url, from: '+15550001111' });
  const handle = createRouter(
    apiRoutes({
      store,
      queue: new InProcessQueue(() => clock.now),
      logger,
      secret: 'sessions-test-secret-0123456789abcdef',
      publicUrl: 'https://kept.example.com',
      channels: { sms, email: new OutboxChannel(store) },
      supportContact: 'x',
      now: () => clock.now,
      ...options,
    }),
    logger,
  );
  let ip = 0;
  return (
    method: string,
    path: string,
    options: { body?: unknown; token?: string; cookie?: string; ip?: string } = {},
  ) =>
    handle({
      method,
      path,
      query: new URLSearchParams(),
      headers: {
        'content-type': 'application/json',
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...(options.cookie ? { cookie: options.cookie } : {}),
      },
      body: JSON.stringify(options.body ?? {}),
      sourceIp: options.ip ?? `10.1.0.${++ip % 250}`,
    } satisfies HttpRequest);
}
const json = (response: HttpResponse) => JSON.parse(response.body ?? '{}');

const scan = () => scanTable(store);

/** Signs in by SMS through the Twilio stand-in; returns the token. */
async function signIn(call: ReturnType<typeof api>, phone: string): Promise<string> {
  expect((await call('POST', '/api/auth/start', { body: { phone } })).status).toBe(202);
  const code = twilio.messages
    .filter((m) => m.to === phone)
    .at(-1)!
    .body.match(/\d{6}/)![0];
  const verified = await call('POST', '/api/auth/verify', { body: { phone, code } });
  expect(verified.status).toBe(200);
  return json(verified).token;
}

beforeAll(async () => {
  store = await embedded.fresh();
  twilio = await startTwilioFake(SID, TOKEN);
  await applyPlan(store, validPlan(examplePlan()), clock.now);
});
afterAll(async () => {
  await twilio.close();
  await embedded.stop();
});

describe('sessions', () => {
  it('are opaque: the token says nothing about whose it is, and only its hash is stored, with a TTL in seconds', async () => {
    const call = api();
    const token = await signIn(call, SAM);
    expect(token).toMatch(/^[\w-]{43}$/);
    const decoded = Buffer.from(token, 'base64url').toString('latin1');
    expect(`${token}${decoded}`).not.toMatch(/5555550101|sam/i);
    const items = await scan();
    expect(JSON.stringify(items)).not.toContain(token);
    const sessions = items.filter((i) => i.entity === 'Session' && i.identity === SAM);
    expect(sessions.length).toBeGreaterThan(0);
    for (const session of sessions) {
      expect(session.expiresAt).toBe(Math.floor(clock.now / 1000) + 30 * 86_400);
    }
  });

  it('sign-out ends the session at once, as a bearer and as a cookie', async () => {
    const call = api();
    const token = await signIn(call, SAM);
    expect((await call('GET', '/api/me', { token })).status).toBe(200);
    expect((await call('POST', '/api/auth/signout', { cookie: `kept_session=${token}` })).status).toBe(200);
    expect((await call('GET', '/api/me', { token })).status).toBe(401);
    expect((await call('GET', '/api/me', { cookie: `kept_session=${token}` })).status).toBe(401);
  });

  it('"sign out everywhere" ends every session of that person, and no one else\'s', async () => {
    const call = api();
    const phone = await signIn(call, SAM);
    const laptop = await signIn(call, SAM);
    const alex = await signIn(call, ALEX);
    const ended = await call('POST', '/api/auth/signout-everywhere', { token: laptop });
    expect(ended.status).toBe(200);
    for (const token of [phone, laptop]) expect((await call('GET', '/api/me', { token })).status).toBe(401);
    expect((await call('GET', '/api/me', { token: alex })).status).toBe(200);
  });

  it('a code works once, atomically: ten parallel verifies make exactly one session', async () => {
    const call = api();
    expect((await call('POST', '/api/auth/start', { body: { phone: ALEX } })).status).toBe(202);
    const code = twilio.messages
      .filter((m) => m.to === ALEX)
      .at(-1)!
      .body.match(/\d{6}/)![0];
    const before = (await scan()).filter((i) => i.entity === 'Session').length;
    const results = await Promise.all(
      Array.from({ length: 10 }, () => call('POST', '/api/auth/verify', { body: { phone: ALEX, code } })),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect((await scan()).filter((i) => i.entity === 'Session').length).toBe(before + 1);
  });

  it('an unused sign-in code expires from the table: its TTL attribute is in seconds', async () => {
    const call = api();
    await call('POST', '/api/auth/start', { body: { phone: SAM } });
    const code = (await scan()).find((i) => i.entity === 'SignInCode' && i.PK === `AUTH#${SAM}`)!;
    expect(code.expiresAt).toBe(Math.floor(clock.now / 1000) + 600);
    expect(code).not.toHaveProperty('ttl');
  });
});

describe('sign-in codes cannot be used to text strangers (SMS pumping)', () => {
  it('go only to known numbers; the answer for an unknown number is the same, and nothing is sent', async () => {
    const call = api();
    clock.now += 11 * 60_000; // past the 10-minute limit the sign-ins above used up
    const sent = twilio.messages.length;
    const known = await call('POST', '/api/auth/start', { body: { phone: SAM } });
    const unknown = await call('POST', '/api/auth/start', { body: { phone: '+15555559876' } });
    expect([unknown.status, unknown.body]).toEqual([known.status, known.body]);
    expect(twilio.messages.slice(sent).map((m) => m.to)).toEqual([SAM]);
  });

  it('never go to a number that said STOP', async () => {
    const call = api();
    const alex = (await getPartner(store, 'sam-alex', 'alex'))!;
    await setSmsOptOut(store, alex, true, {
      at: new Date(clock.now).toISOString(),
      status: alex.consent,
      source: 'sms',
      words: 'STOP',
    });
    const sent = twilio.messages.length;
    expect((await call('POST', '/api/auth/start', { body: { phone: ALEX } })).status).toBe(202);
    expect(twilio.messages.length).toBe(sent);
    await setSmsOptOut(store, alex, false, {
      at: new Date(clock.now).toISOString(),
      status: alex.consent,
      source: 'sms',
      words: 'START',
    });
  });

  it('are capped per number per day, with a log line an alarm can count', async () => {
    const call = api();
    const phone = '+15555550102'; // unknown: the caps answer the same for everyone
    const statuses: number[] = [];
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 4; i++) statuses.push((await call('POST', '/api/auth/start', { body: { phone } })).status);
      clock.now += 11 * 60_000;
    }
    expect(statuses.filter((s) => s === 202)).toHaveLength(10);
    expect(statuses.slice(-2)).toEqual([429, 429]);
    expect(logLines.some((l) => l.fields?.metric === SIGN_IN_CAPPED_METRIC && l.fields?.cap === 'number')).toBe(true);
  });

  it('are capped in total per day; past the cap nothing is sent, the answer does not change, and the alarm line is written', async () => {
    clock.now += 2 * 86_400_000; // a new day
    const call = api({ signInCodesPerDay: 2 });
    const sent = twilio.messages.length;
    const answers = [];
    for (const phone of [SAM, ALEX, SAM]) answers.push(await call('POST', '/api/auth/start', { body: { phone } }));
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202]);
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    expect(twilio.messages.length - sent).toBe(2);
    expect(logLines.some((l) => l.fields?.metric === SIGN_IN_CAPPED_METRIC && l.fields?.cap === 'total')).toBe(true);
  });
});

import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes } from '../../shared/api/api-routes.ts';
import { startSession } from '../../shared/auth/session.ts';
import { OutboxChannel } from '../../shared/channels/outbox-channel.ts';
import { InProcessQueue } from '../../shared/delivery/queue.ts';
import { createRouter } from '../../shared/http/router.ts';
import type { HttpRequest, HttpResponse } from '../../shared/http/types.ts';
import { applyPlan } from '../../shared/plan/apply-plan.ts';
import { listWholeOutbox } from '../../shared/store/message-repository.ts';
import { listSchedules } from '../../shared/store/schedule-repository.ts';
import { queryPairPrefix } from '../../shared/store/query-all.ts';
import type { Store } from '../../shared/store/store.ts';
import { silentLogger } from '../../shared/util/logger.ts';
import { examplePlan, validPlan } from '../helpers/plans.ts';
import { useEmbeddedStore } from '../helpers/store.ts';

const SECRET = 'api-test-secret-that-is-long-enough-42';
const embedded = useEmbeddedStore();
const clock = { now: Date.parse('2026-11-24T15:00:00Z') };
let store: Store;
let handle: (request: HttpRequest) => Promise<HttpResponse>;

beforeAll(async () => {
  store = await embedded.fresh();
  await applyPlan(store, validPlan(examplePlan()), clock.now);
  const other = examplePlan();
  other.pair = { id: 'kim-lee', name: 'Kim & Lee' };
  other.partners = [
    { id: 'kim', name: 'Kim', phone: '+15555550201', timezone: 'America/Chicago', consent: 'confirmed' },
    { id: 'lee', name: 'Lee', phone: '+15555550202', timezone: 'America/Chicago', consent: 'confirmed' },
  ];
  other.commitments = [
    { id: 'dishes', owner: 'kim', title: 'Do the dishes', repeat: 'FREQ=DAILY', checkInAt: '21:00' },
  ];
  other.rituals = [];
  other.affirmations = [];
  await applyPlan(store, validPlan(other), clock.now);
  const outbox = new OutboxChannel(store);
  handle = createRouter(
    apiRoutes({
      store,
      queue: new InProcessQueue(() => clock.now),
      logger: silentLogger,
      secret: SECRET,
      publicUrl: 'https://kept.example.com',
      channels: { sms: outbox, email: outbox },
      supportContact: 'x',
      now: () => clock.now,
    }),
    silentLogger,
  );
});
afterAll(() => embedded.stop());

let ip = 0;
function call(
  method: string,
  path: string,
  options: { body?: unknown; token?: string; cookie?: string; ip?: string; raw?: string; type?: string } = {},
) {
  const [pathname, query = ''] = path.split('?');
  return handle({
    method,
    path: pathname!,
    query: new URLSearchParams(query),
    headers: {
      ...(options.body !== undefined || options.raw !== undefined
        ? { 'content-type': options.type ?? 'application/json' }
        : {}),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.cookie ? { cookie: options.cookie } : {}),
    },
    body: options.raw ?? (options.body === undefined ? '' : JSON.stringify(options.body)),
    sourceIp: options.ip ?? `10.0.0.${++ip % 250}`,
  });
}
const body = (response: HttpResponse) => JSON.parse(response.body ?? '{}');
const tokens: Record<string, string> = {};
/** A session for this identity, started once (as if signed in with a code). */
const sessionOf = (identity: string) => tokens[identity]!;
beforeAll(async () => {
  for (const identity of ['+15555550101', '+15555550201', '+447700900123', '+15555550401'])
    tokens[identity] = await startSession(store, identity, clock.now);
  tokens.expired = await startSession(store, '+15555550101', clock.now - 31 * 86_400_000);
});
const sam = () => sessionOf('+15555550101');
const kim = () => sessionOf('+15555550201');

async function codeFor(identity: string): Promise<string> {
  const messages = (await listWholeOutbox(store)).filter((m) => m.kind === 'sign-in-code' && m.to === identity);
  return messages
    .sort((a, b) => a.sentAt.localeCompare(b.sentAt))
    .at(-1)!
    .body.match(/\d{6}/)![0];
}

describe('sign-in without passwords', () => {
  it('sends a 6-digit code and exchanges it for a cookie and a bearer token', async () => {
    const start = await call('POST', '/api/auth/start', { body: { phone: '(555) 555-0101' } });
    expect(start.status).toBe(202);
    const verified = await call('POST', '/api/auth/verify', {
      body: { phone: '+15555550101', code: await codeFor('+15555550101') },
    });
    expect(verified.status).toBe(200);
    expect(verified.headers?.['set-cookie']).toMatch(
      /^kept_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=2592000; Secure$/,
    );
    const { token } = body(verified);
    expect(body(await call('GET', '/api/me', { token })).partner.name).toBe('Sam');
    const cookie = verified.headers!['set-cookie']!.split(';')[0]!;
    expect(body(await call('GET', '/api/me', { cookie })).partner.name).toBe('Sam');
  });

  it('answers the same for a number nobody uses (nothing reveals who is registered)', async () => {
    const known = await call('POST', '/api/auth/start', { body: { phone: '+15555550102' } });
    const unknown = await call('POST', '/api/auth/start', { body: { phone: '+15555559876' } });
    expect([unknown.status, unknown.body]).toEqual([known.status, known.body]);
  });

  it('codes expire after 10 minutes, allow 5 attempts, and are used once', async () => {
    await call('POST', '/api/auth/start', { body: { email: 'Alex+Sign@Example.com' } });
    const code = await codeFor('alex+sign@example.com');
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++)
      expect(
        (await call('POST', '/api/auth/verify', { body: { email: 'alex+sign@example.com', code: wrong } })).status,
      ).toBe(400);
    expect((await call('POST', '/api/auth/verify', { body: { email: 'alex+sign@example.com', code } })).status).toBe(
      429,
    );

    await call('POST', '/api/auth/start', { body: { email: 'alex+late@example.com' } });
    const late = await codeFor('alex+late@example.com');
    clock.now += 10 * 60_000 + 1;
    expect(
      (await call('POST', '/api/auth/verify', { body: { email: 'alex+late@example.com', code: late } })).status,
    ).toBe(400);

    await call('POST', '/api/auth/start', { body: { email: 'alex+once@example.com' } });
    const once = await codeFor('alex+once@example.com');
    expect(
      (await call('POST', '/api/auth/verify', { body: { email: 'alex+once@example.com', code: once } })).status,
    ).toBe(200);
    expect(
      (await call('POST', '/api/auth/verify', { body: { email: 'alex+once@example.com', code: once } })).status,
    ).toBe(400);
  });

  it('is rate-limited per number and per IP address', async () => {
    const statuses = [];
    for (let i = 0; i < 7; i++)
      statuses.push((await call('POST', '/api/auth/start', { body: { phone: '+15555550301' } })).status);
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429, 429]);
    const fromOneIp = [];
    for (let i = 0; i < 22; i++)
      fromOneIp.push(
        (await call('POST', '/api/auth/start', { body: { phone: `+1555555${String(1000 + i)}` }, ip: '203.0.113.7' }))
          .status,
      );
    expect(fromOneIp.filter((s) => s === 429)).toHaveLength(2);
  });

  it('explains bad input by field, never with a 500', async () => {
    expect(body(await call('POST', '/api/auth/start', { body: { phone: 'call me' } })).error).toMatchObject({
      code: 'invalid_phone',
      path: 'phone',
    });
    expect(
      body(await call('POST', '/api/auth/verify', { body: { phone: '+15555550101', code: '12' } })).error,
    ).toMatchObject({ path: 'code' });
    expect((await call('POST', '/api/auth/start', { raw: '{"phone":', type: 'application/json' })).status).toBe(400);
    expect(
      (await call('POST', '/api/auth/start', { raw: 'phone=1', type: 'application/x-www-form-urlencoded' })).status,
    ).toBe(415);
  });
});

describe('every route belongs to its own pair', () => {
  const routes: Array<[string, string, unknown?]> = [
    ['GET', '/api/me'],
    ['GET', '/api/plan'],
    ['GET', '/api/weeks'],
    ['GET', '/api/checkins'],
    ['GET', '/api/messages'],
    ['GET', '/api/upcoming'],
    ['GET', '/api/export'],
    ['GET', '/api/calendar'],
    ['POST', '/api/commitments', { title: 'x', repeat: 'FREQ=DAILY', checkInAt: '10:00' }],
    ['PUT', '/api/commitments/lunch-call', { title: 'x', repeat: 'FREQ=DAILY', checkInAt: '10:00' }],
    ['DELETE', '/api/commitments/lunch-call'],
    ['PUT', '/api/rituals/night-walk', { title: 'x', repeat: 'FREQ=DAILY', at: '10:00' }],
    ['DELETE', '/api/rituals/night-walk'],
    ['DELETE', '/api/affirmations/morning-note'],
    ['PATCH', '/api/me', { timezone: 'UTC' }],
    ['POST', '/api/me/pause', { days: 2 }],
    ['POST', '/api/me/resume', {}],
    ['POST', '/api/me/leave', {}],
    ['DELETE', '/api/me'],
    ['POST', '/api/pairs', { name: 'x' }],
  ];

  it.each(routes)(
    '%s %s: 401 without a session, with a made-up or altered token, with an expired one',
    async (method, path, payload) => {
      expect((await call(method, path, { body: payload })).status).toBe(401);
      const real = sam();
      const forged = `${real.slice(0, -1)}${real.endsWith('A') ? 'B' : 'A'}`;
      expect((await call(method, path, { body: payload, token: forged })).status).toBe(401);
      expect((await call(method, path, { body: payload, token: 'x'.repeat(43) })).status).toBe(401);
      expect((await call(method, path, { body: payload, token: tokens.expired })).status).toBe(401);
    },
  );

  it("another pair's items are not found, and nothing of them leaks", async () => {
    for (const [method, path, payload] of [
      ['PUT', '/api/commitments/lunch-call', { title: 'Hijack', repeat: 'FREQ=DAILY', checkInAt: '10:00' }],
      ['DELETE', '/api/commitments/lunch-call'],
      ['DELETE', '/api/affirmations/morning-note'],
    ] as const) {
      const response = await call(method, path, { body: payload, token: kim() });
      expect(response.status).toBe(404);
      expect(response.body).not.toMatch(/Call Alex|Sam|Alex/);
    }
    for (const path of ['/api/plan', '/api/checkins', '/api/messages', '/api/export', '/api/weeks']) {
      expect((await call('GET', path, { token: kim() })).body).not.toMatch(
        /Call Alex at lunch|\+15555550101|sam@example/,
      );
    }
    expect((await listSchedules(store, 'sam-alex')).some((s) => s.kind === 'checkin')).toBe(true);
  });
});

describe('changing the plan through the API', () => {
  it("adds, changes and removes a commitment with the plan file's validation", async () => {
    const added = await call('POST', '/api/commitments', {
      token: sam(),
      body: { title: 'Leave a note', repeat: 'FREQ=DAILY', checkInAt: '21:30' },
    });
    expect(added.status).toBe(200);
    const id = body(added).plan.commitments.find((c: { title: string }) => c.title === 'Leave a note').id;
    expect(id).toMatch(/^leave-a-note-[0-9a-f]{4}$/);
    const bad = await call('PUT', `/api/commitments/${id}`, {
      token: sam(),
      body: { title: 'Leave a note', repeat: 'FREQ=MINUTELY', checkInAt: '25:00' },
    });
    expect(bad.status).toBe(400);
    expect(body(bad).error.path).toBe('checkInAt');
    // Every problem of the item is listed: the bad time and the too-frequent rule.
    const problems: string[] = body(bad).problems;
    expect(problems).toHaveLength(2);
    expect(problems.some((p) => /checkInAt/.test(p)) && problems.some((p) => /repeat/.test(p))).toBe(true);
    const typo = await call('POST', '/api/commitments', {
      token: sam(),
      body: { titel: 'x', repeat: 'FREQ=DAILY', checkInAt: '10:00' },
    });
    expect(body(typo).error).toMatchObject({ path: expect.stringMatching(/title|titel/) });
    expect((await call('DELETE', `/api/commitments/${id}`, { token: sam() })).status).toBe(200);
    expect((await listSchedules(store, 'sam-alex')).flatMap((s) => s.members.map((m) => m.ref))).not.toContain(
      `commitment:${id}`,
    );
    // The summary is the pair's: refused here with where to change it, never silently dropped.
    const summary = await call('PATCH', '/api/me', { token: sam(), body: { summary: { day: 'MO' } } });
    expect(summary.status).toBe(400);
    expect(body(summary).error).toMatchObject({ path: 'summary', message: expect.stringContaining('PATCH /api/pair') });
    // Your number is the one you sign in with: not changed here, and said so.
    const phone = await call('PATCH', '/api/me', { token: sam(), body: { phone: '+15555550777' } });
    expect(phone.status).toBe(400);
    expect(body(phone).error.path).toBe('phone');
    // Alex cannot remove Sam's commitment.
    const alex = sessionOf('+447700900123');
    expect((await call('DELETE', '/api/commitments/lunch-call', { token: alex })).status).toBe(404);
  });

  it('a new user creates a pair and invites their partner, who gets a consent request', async () => {
    const token = sessionOf('+15555550401');
    expect(body(await call('GET', '/api/me', { token })).partner).toBeNull();
    const invalid = await call('POST', '/api/pairs', {
      token,
      body: { name: 'Rae', timezone: 'Mars/Base', pairName: 'Rae & Jo', invite: { name: 'Jo', phone: '+15555550402' } },
    });
    expect(body(invalid).error).toMatchObject({ path: 'timezone' });
    const created = await call('POST', '/api/pairs', {
      token,
      body: {
        name: 'Rae',
        timezone: 'America/Denver',
        pairName: 'Rae & Jo',
        invite: { name: 'Jo', phone: '+15555550402' },
      },
    });
    expect(created.status).toBe(201);
    const me = body(await call('GET', '/api/me', { token }));
    expect(me).toMatchObject({
      partner: { name: 'Rae', consent: 'confirmed' },
      other: { name: 'Jo', consent: 'pending' },
    });
    const schedules = await listSchedules(store, me.pair.id);
    expect(schedules.filter((s) => s.kind === 'consent-request').map((s) => s.recipientId)).toEqual(['partner']);
    expect((await call('POST', '/api/pairs', { token, body: {} })).status).toBe(409);
  });

  it("serves a calendar feed with the rituals and the partner's commitments as recurring events", async () => {
    const { url } = body(await call('GET', '/api/calendar', { token: sam() }));
    const path = new URL(url).pathname;
    const feed = await call('GET', path);
    expect(feed.headers?.['content-type']).toMatch(/^text\/calendar/);
    expect(feed.body).toContain('BEGIN:VCALENDAR');
    expect(feed.body).toContain(
      'DTSTART;TZID=America/New_York:20240101T200000\r\nDURATION:PT60M\r\nRRULE:FREQ=WEEKLY;BYDAY=TU,TH\r\nSUMMARY:Night walk together',
    );
    expect(feed.body).toContain('SUMMARY:Check-in: Call Alex at lunch');
    expect((await call('GET', `${path.slice(0, -10)}xxxxxxxxxx.ics`)).status).toBe(404);
  });

  it("exports the caller's data, and erasing it leaves the partner's data and a hashed consent record", async () => {
    const exported = body(await call('GET', '/api/export', { token: kim() }));
    expect(exported.you.name).toBe('Kim');
    expect(exported.plan.commitments.map((c: { id: string }) => c.id)).toEqual(['dishes']);
    expect((await call('DELETE', '/api/me', { token: kim() })).status).toBe(200);
    const left = await queryPairPrefix(store, 'PAIR#kim-lee', 'PARTNER#');
    expect(left.map((p) => p.partnerId)).toEqual(['lee']);
    expect(body(await call('GET', '/api/me', { token: kim() })).partner).toBeNull();
    const consent = await queryPairPrefix(
      store,
      `CONSENT#${createHash('sha256').update('+15555550201').digest('base64url')}`,
      '2',
    );
    expect(consent).toHaveLength(1);
    expect(consent[0]!.consentLog).toEqual([{ at: expect.any(String), status: 'confirmed', source: 'plan' }]);
    expect(consent[0]!.expiresAt).toBeGreaterThan(clock.now / 1000 + 3.9 * 365 * 86_400);
  });

  it('serves its OpenAPI 3.1 description', async () => {
    const doc = body(await call('GET', '/api/openapi.json'));
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/auth/start', '/api/auth/verify', '/api/commitments/{id}', '/api/export']),
    );
    expect(doc.components.schemas.Commitment.properties.checkInAt.pattern).toBeDefined();
  });
});

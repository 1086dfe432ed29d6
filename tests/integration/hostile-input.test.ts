import { readFileSync } from 'node:fs';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import twilioWebhooks from 'twilio/lib/webhooks/webhooks.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSession } from '../../shared/auth/session.ts';
import { OutboxChannel } from '../../shared/channels/outbox-channel.ts';
import { InProcessQueue } from '../../shared/delivery/queue.ts';
import { createRouter } from '../../shared/http/router.ts';
import { twilioRoutes } from '../../shared/http/twilio-routes.ts';
import type { HttpRequest, HttpResponse } from '../../shared/http/types.ts';
import { publicRoutes } from '../../shared/http/public-routes.ts';
import { parsePlanText, validatePlan } from '../../shared/model/validate-plan.ts';
import { applyPlan } from '../../shared/plan/apply-plan.ts';
import type { Store } from '../../shared/store/store.ts';
import { silentLogger } from '../../shared/util/logger.ts';
import { examplePlan, validPlan } from '../helpers/plans.ts';
import { useEmbeddedStore } from '../helpers/store.ts';

const STRINGS: string[] = [
  ...JSON.parse(readFileSync(new URL('../fixtures/hostile/strings.json', import.meta.url), 'utf8')),
  'Y\uD800',
  '\uDC00',
];
const INPUTS = JSON.parse(readFileSync(new URL('../fixtures/hostile/inputs.json', import.meta.url), 'utf8')) as Record<
  string,
  string[]
>;
const SECRET = 'hostile-input-secret-0123456789abcdef';
const TOKEN = 'hostile-twilio-token';
const PUBLIC = 'https://kept.example.com';
const embedded = useEmbeddedStore();
let store: Store;
let handle: (request: HttpRequest) => Promise<HttpResponse>;
const now = Date.parse('2026-11-24T15:00:00Z');

let samToken: string;

beforeAll(async () => {
  store = await embedded.fresh();
  samToken = await startSession(store, '+15555550101', now);
  await applyPlan(store, validPlan(examplePlan()), now);
  const outbox = new OutboxChannel(store);
  const queue = new InProcessQueue(() => now);
  const deps = { store, queue, logger: silentLogger, now: () => now };
  handle = createRouter(
    [
      ...publicRoutes({
        ...deps,
        secret: SECRET,
        publicUrl: PUBLIC,
        channels: { sms: outbox, email: outbox },
        supportContact: 'x',
      }),
      ...twilioRoutes({ ...deps, authToken: TOKEN, publicUrl: PUBLIC, supportContact: 'x' }),
    ],
    silentLogger,
  );
});
afterAll(() => embedded.stop());

/** The whole table, as a stable string: a rejected request must leave it exactly as it was. */
async function snapshot(): Promise<string> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await store.doc.send(
      new ScanCommand({ TableName: store.tableName, ExclusiveStartKey: start, ConsistentRead: true }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return JSON.stringify(
    items
      .filter((i) => !String(i.PK).startsWith('RATE#'))
      .sort((a, b) => `${a.PK}${a.SK}`.localeCompare(`${b.PK}${b.SK}`)),
  );
}

const request = (method: string, path: string, body: string, headers: Record<string, string> = {}): HttpRequest => ({
  method,
  path,
  query: new URLSearchParams(),
  headers: {
    'content-type': 'application/json',
    authorization: `Bearer ${samToken}`,
    ...headers,
  },
  body,
  sourceIp: '198.51.100.1',
});

describe('the plan loader against hostile input', () => {
  const fields: Array<[string, (plan: any, value: unknown) => void]> = [
    ['pair.id', (p, v) => (p.pair.id = v)],
    ['pair.name', (p, v) => (p.pair.name = v)],
    ['partners[0].name', (p, v) => (p.partners[0].name = v)],
    ['partners[0].phone', (p, v) => (p.partners[0].phone = v)],
    ['partners[0].email', (p, v) => (p.partners[0].email = v)],
    ['partners[0].timezone', (p, v) => (p.partners[0].timezone = v)],
    ['commitments[0].title', (p, v) => (p.commitments[0].title = v)],
    ['commitments[0].id', (p, v) => (p.commitments[0].id = v)],
    ['affirmations[0].text', (p, v) => (p.affirmations[0].text = v)],
    ['rituals[0].at', (p, v) => (p.rituals[0].at = v)],
  ];

  it('every hostile string in every field: refused with its path, or accepted as plain text, never a throw', () => {
    for (const [path, set] of fields) {
      for (const value of STRINGS) {
        const plan = examplePlan();
        set(plan, value);
        const result = validatePlan(plan);
        if (!result.ok)
          expect(
            result.problems.some((p) => p.startsWith(path)),
            `${path} = ${JSON.stringify(value).slice(0, 40)}`,
          ).toBe(true);
      }
    }
  });

  it('refuses RRULEs that would expand for ever or are not RRULEs, quickly', () => {
    for (const rule of INPUTS.rrules!) {
      const plan = examplePlan();
      plan.rituals![0]!.repeat = rule;
      const started = Date.now();
      const result = validatePlan(plan);
      expect(Date.now() - started, rule).toBeLessThan(2000);
      if (rule !== 'FREQ=DAILY;UNTIL=99991231T000000Z') expect(result.ok, rule).toBe(false);
    }
  });

  it('refuses bad zones and dates (year 9999 included) by path', () => {
    for (const zone of INPUTS.zones!) {
      const plan = examplePlan();
      plan.partners[1]!.timezone = zone;
      const result = validatePlan(plan);
      expect(result.ok, zone).toBe(false);
    }
    for (const date of INPUTS.dates!) {
      const plan = examplePlan();
      plan.commitments![0]!.start = date;
      const result = validatePlan(plan);
      expect(result.ok, date).toBe(false);
      if (!result.ok) expect(result.problems[0]).toMatch(/^commitments\[0\]\.start: /);
    }
  });

  it('reads malformed JSON, deep nesting and a megabyte as clear refusals', () => {
    for (const text of INPUTS.malformedJson!) {
      const result = parsePlanText('plan.json', text);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.problems[0]).toMatch(/^plan\.json: (line \d+, column \d+: )?invalid JSON/);
    }
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(parsePlanText('deep.json', deep).ok).toBe(false);
    const huge = JSON.stringify({ ...examplePlan(), pair: { id: 'x', name: 'y'.repeat(1_000_000) } });
    const result = parsePlanText('huge.json', huge);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems).toEqual(['pair.name: name must be at most 80 characters']);
  });

  it('property: any JSON value is either a valid plan or a list of problems, each naming a path', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue({ maxDepth: 4 }),
          fc.record({ pair: fc.jsonValue(), partners: fc.array(fc.jsonValue(), { maxLength: 3 }) }),
        ),
        (value) => {
          const result = validatePlan(value);
          return (
            result.ok ||
            (result.problems.length > 0 &&
              result.problems.every((p) => /^(\(plan\)|(\[".*?"\]|[\w$]+)(\[\d+\]|\.[\w$]+|\[".*?"\])*): .+/s.test(p)))
          );
        },
      ),
      { numRuns: 500, seed: 11 },
    );
  });
});

describe('the API and both webhooks against hostile input: a 4xx or a harmless answer, never a 500, and nothing changed by a refusal', () => {
  const writes: Array<[string, string, (v: unknown) => unknown]> = [
    ['POST', '/api/commitments', (v) => ({ title: v, repeat: 'FREQ=DAILY', checkInAt: '10:00' })],
    ['POST', '/api/commitments', (v) => ({ title: 'x', repeat: v, checkInAt: '10:00' })],
    ['PUT', '/api/commitments/lunch-call', (v) => ({ title: 'x', repeat: 'FREQ=DAILY', checkInAt: v })],
    ['POST', '/api/rituals', (v) => ({ title: 'x', repeat: 'FREQ=DAILY', at: '10:00', timezone: v })],
    ['POST', '/api/affirmations', (v) => ({ text: v, repeat: 'FREQ=DAILY', at: '10:00', to: 'alex' })],
    ['PATCH', '/api/me', (v) => ({ timezone: v })],
    ['POST', '/api/me/pause', (v) => ({ days: v })],
    ['POST', '/api/auth/start', (v) => ({ phone: v })],
    ['POST', '/api/auth/verify', (v) => ({ phone: '+15555550101', code: v })],
    ['PUT', '/api/commitments/__proto__', (v) => ({ title: v })],
  ];

  it('hostile strings in every field of every write', async () => {
    for (const [method, path, make] of writes) {
      for (const value of [...STRINGS.slice(0, 30), 12, null, [], { nested: { deeper: true } }, -1e308]) {
        const before = await snapshot();
        const response = await handle(request(method, path, JSON.stringify(make(value))));
        expect(response.status, `${method} ${path} ${JSON.stringify(value).slice(0, 30)}`).toBeLessThan(500);
        if (response.status >= 400) {
          expect(JSON.parse(response.body!).error.message).toBeTruthy();
          expect(await snapshot(), `${method} ${path} ${JSON.stringify(value).slice(0, 30)} changed the store`).toBe(
            before,
          );
        } else if (method !== 'POST' || !path.startsWith('/api/auth')) {
          // Accepted: undo it so the next case starts from the same store.
          await applyPlan(store, validPlan(examplePlan()), now);
        }
      }
    }
  });

  it("malformed bodies, wrong content types, a megabyte, deep nesting, other pairs' ids", async () => {
    const cases: Array<[string, string, string, Record<string, string>?]> = [
      ...INPUTS.malformedJson!.map((b): [string, string, string] => ['POST', '/api/commitments', b]),
      ['POST', '/api/commitments', '{"title":"x"}', { 'content-type': 'text/plain' }],
      ['POST', '/api/commitments', '<xml/>', { 'content-type': 'application/xml' }],
      [
        'POST',
        '/api/commitments',
        JSON.stringify({ title: 'x'.repeat(1_000_000), repeat: 'FREQ=DAILY', checkInAt: '10:00' }),
      ],
      ['POST', '/api/commitments', `${'['.repeat(50_000)}${']'.repeat(50_000)}`],
      ['PUT', '/api/commitments/dishes', JSON.stringify({ title: 'x', repeat: 'FREQ=DAILY', checkInAt: '10:00' })],
      ['DELETE', '/api/affirmations/%2e%2e%2f', ''],
      ['GET', '/c/../../etc/passwd', ''],
      ['POST', '/c/eyJwdXJwb3NlIjoiY2hlY2tpbiJ9.AAAA', ''],
      ['POST', '/u/%00', ''],
      ['GET', '/cal/forged.ics', ''],
    ];
    for (const [method, path, body, headers] of cases) {
      const before = await snapshot();
      const response = await handle(request(method, path, body, headers));
      expect(response.status, `${method} ${path}`).toBeGreaterThanOrEqual(400);
      expect(response.status, `${method} ${path}`).toBeLessThan(500);
      expect(await snapshot()).toBe(before);
    }
  });

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

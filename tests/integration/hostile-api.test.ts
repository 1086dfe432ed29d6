import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../shared/plan/apply-plan.ts';
import { HOSTILE_INPUTS, HOSTILE_STRINGS, LONE_SURROGATES } from '../helpers/hostile-corpus.ts';
import { examplePlan, validPlan } from '../helpers/plans.ts';
import { usePublicAndTwilioRouter } from '../helpers/public-and-twilio-router.ts';

const STRINGS = [...HOSTILE_STRINGS, ...LONE_SURROGATES];
const INPUTS = HOSTILE_INPUTS;
const target = usePublicAndTwilioRouter();
const { handle, request, snapshot, now } = target;

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
    // The dashboard's practice views.
    ['PATCH', '/api/me', (v) => ({ sharePulse: v })],
    ['POST', '/api/conversations/2026-12-03T00:00:00Z/answer', (v) => ({ text: v })],
    ['POST', `/api/conversations/${encodeURIComponent('../x')}/answer`, (v) => ({ text: v })],
    ['POST', '/api/checkins/CHK%23nope/answer', (v) => ({ count: v })],
    ['POST', '/api/checkins/CHK%23nope/undo', (v) => ({ v })],
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
          await applyPlan(target.store, validPlan(examplePlan()), now);
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
      ['DELETE', '/api/supporters/%2e%2e%2f', ''],
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
});

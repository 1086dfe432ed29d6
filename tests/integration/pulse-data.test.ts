import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { LocalEngine } from '../../local/engine.ts';
import { apiRoutes } from '../../shared/api/api-routes.ts';
import { startSession } from '../../shared/auth/session.ts';
import { OutboxChannel } from '../../shared/channels/outbox-channel.ts';
import { createRouter } from '../../shared/http/router.ts';
import type { HttpRequest, HttpResponse } from '../../shared/http/types.ts';
import { applyPlan } from '../../shared/plan/apply-plan.ts';
import { handleInboundSms } from '../../shared/replies/handle-reply.ts';
import { listPulses } from '../../shared/store/pulse-repository.ts';
import type { Store } from '../../shared/store/store.ts';
import { silentLogger } from '../../shared/util/logger.ts';
import { examplePlan, validPlan } from '../helpers/plans.ts';
import { useEmbeddedStore } from '../helpers/store.ts';

const SAM = '+15555550101';
const ALEX = '+447700900123';
// Sunday 17:00 London (Alex) and 17:00 New York (Sam).
const ALEX_ASKED = Date.parse('2026-12-06T17:00:00Z');
const SAM_ASKED = Date.parse('2026-12-06T22:00:00Z');
const embedded = useEmbeddedStore();
afterAll(() => embedded.stop());

let store: Store;
let call: (method: string, path: string, token: string) => Promise<HttpResponse>;
const clock = { now: ALEX_ASKED - 3_600_000 };
const body = (response: HttpResponse) => JSON.parse(response.body ?? '{}');

/** Both partners answer one pulse: Alex 8, Sam 6 (neither shares). */
beforeEach(async () => {
  store = await embedded.fresh();
  clock.now = ALEX_ASKED - 3_600_000;
  const plan = { ...examplePlan(), commitments: [], rituals: [], affirmations: [] };
  plan.pulse = { day: 'SU', at: '17:00' };
  await applyPlan(store, validPlan(plan), clock.now);
  const outbox = new OutboxChannel(store);
  const engine = new LocalEngine({
    store,
    channels: { sms: outbox, email: outbox },
    logger: silentLogger,
    now: () => clock.now,
  });
  let n = 0;
  const text = async (from: string, words: string) => {
    await handleInboundSms(
      { store, queue: engine.queue, logger: silentLogger, supportContact: 'x' },
      { from, body: words, messageId: `m${++n}`, receivedAt: clock.now },
    );
    await engine.drain();
  };
  const handle = createRouter(
    apiRoutes({
      store,
      queue: engine.queue,
      logger: silentLogger,
      secret: 'pulse-data-secret-long-enough-123456',
      publicUrl: 'https://kept.example.com',
      channels: { sms: outbox, email: outbox },
      supportContact: 'x',
      now: () => clock.now,
    }),
    silentLogger,
  );
  call = (method, path, token) =>
    handle({
      method,
      path,
      query: new URLSearchParams(),
      headers: { authorization: `Bearer ${token}` },
      body: '',
      sourceIp: '10.0.0.1',
    } satisfies HttpRequest);
  clock.now = ALEX_ASKED;
  await engine.runOnce();
  clock.now += 600_000;
  await text(ALEX, '8');
  clock.now = SAM_ASKED;
  await engine.runOnce();
  clock.now += 600_000;
  await text(SAM, '6');
});

describe('pulse answers as personal data', () => {
  it("puts a partner's own pulse numbers (and only theirs) in their export", async () => {
    const sam = await startSession(store, SAM, clock.now);
    const pulses = body(await call('GET', '/api/export', sam)).pulses;
    expect(pulses.map((p: Record<string, unknown>) => [p.partnerId, p.value])).toEqual([['sam', 6]]);
  });

  it("erases a partner's pulse answers with the account, and leaves the other's", async () => {
    const sam = await startSession(store, SAM, clock.now);
    const alex = await startSession(store, ALEX, clock.now);
    expect((await call('DELETE', '/api/me', sam)).status).toBe(200);
    const left = await listPulses(store, 'sam-alex', ALEX_ASKED - 86_400_000, clock.now);
    expect(left.map((p) => [p.partnerId, p.value])).toEqual([['alex', 8]]);
    expect(body(await call('GET', '/api/export', alex)).pulses).toHaveLength(1);
  });
});

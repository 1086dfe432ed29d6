import { afterAll, beforeAll } from 'vitest';
import { LocalEngine } from '../../local/engine.ts';
import { apiRoutes } from '../../shared/api/api-routes.ts';
import type { Clock } from '../../shared/app-deps.ts';
import type { DeliveryQueue } from '../../shared/delivery/queue.ts';
import { OutboxChannel } from '../../shared/channels/outbox-channel.ts';
import { createRouter } from '../../shared/http/router.ts';
import type { HttpResponse } from '../../shared/http/types.ts';
import { applyPlan } from '../../shared/plan/apply-plan.ts';
import { handleInboundSms } from '../../shared/replies/handle-reply.ts';
import type { Store } from '../../shared/store/store.ts';
import { silentLogger } from '../../shared/util/logger.ts';
import { examplePlan, validPlan } from './plans.ts';
import { useEmbeddedStore } from './store.ts';

export type ApiCall = (
  method: string,
  path: string,
  token: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<HttpResponse>;

export interface ApiHarness {
  engine: LocalEngine;
  /** Calls the real API router as a signed-in caller (a bearer token), with a JSON body when given. */
  call: ApiCall;
  /** An inbound text through the real reply handler, then everything it queued is sent. */
  text: (from: string, words: string) => Promise<void>;
}

/** The JSON API router over this store, every channel to the outbox, on this queue and clock. */
export function apiRouter(store: Store, queue: DeliveryQueue, now: Clock) {
  const outbox = new OutboxChannel(store);
  return createRouter(
    apiRoutes({
      store,
      queue,
      logger: silentLogger,
      secret: 'api-harness-secret-that-is-long-enough',
      publicUrl: 'https://kept.example.com',
      channels: { sms: outbox, email: outbox },
      supportContact: 'x',
      now,
    }),
    silentLogger,
  );
}

/**
 * Calls a router as a signed-in caller (a bearer token) from one source address, always with a
 * JSON body (`{}` when none is given): for tests that build their own router over a couple.
 */
export const signedInCaller =
  (handle: ReturnType<typeof createRouter>, sourceIp = '198.51.100.9') =>
  (method: string, path: string, token: string, body?: unknown): Promise<HttpResponse> =>
    handle({
      method,
      path,
      query: new URLSearchParams(),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body ?? {}),
      sourceIp,
    });

/** The API, the reply handler and the local engine over one store and one test clock, all to the outbox. */
export function apiHarness(store: Store, clock: { now: number }): ApiHarness {
  const outbox = new OutboxChannel(store);
  const now = () => clock.now;
  const engine = new LocalEngine({ store, channels: { sms: outbox, email: outbox }, logger: silentLogger, now });
  const handle = apiRouter(store, engine.queue, now);
  let inbound = 0;
  return {
    engine,
    call: (method, path, token, body, headers = {}) =>
      handle({
        method,
        path,
        query: new URLSearchParams(),
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
        body: body === undefined ? '' : JSON.stringify(body),
        sourceIp: '10.0.0.1',
      }),
    text: async (from, words) => {
      await handleInboundSms(
        { store, queue: engine.queue, logger: silentLogger, supportContact: 'x' },
        { from, body: words, messageId: `m${++inbound}`, receivedAt: clock.now },
      );
      await engine.drain();
    },
  };
}

export const jsonOf = (response: HttpResponse) => JSON.parse(response.body ?? '{}');

/** Monday 20:00 New York: the example's first check-in. */
export const MONDAY_CHECKIN = Date.parse('2026-11-24T01:00:00Z');

/**
 * A fresh store with the example couple (promises only) applied an hour before Monday's check-in,
 * the API harness over it, and the check-in sent: the clock stands at MONDAY_CHECKIN.
 * Registers its own beforeAll/afterAll.
 */
export function useCheckInSent() {
  const embedded = useEmbeddedStore();
  const clock = { now: MONDAY_CHECKIN - 3_600_000 };
  let ready: { store: Store; harness: ApiHarness } | undefined;
  beforeAll(async () => {
    const store = await embedded.fresh();
    await applyPlan(store, validPlan({ ...examplePlan(), rituals: [], affirmations: [] }), clock.now);
    const harness = apiHarness(store, clock);
    clock.now = MONDAY_CHECKIN;
    await harness.engine.runOnce();
    ready = { store, harness };
  });
  afterAll(() => embedded.stop());
  const started = () => {
    if (!ready) throw new Error('the store starts in beforeAll');
    return ready;
  };
  const call: ApiCall = (...args) => started().harness.call(...args);
  return {
    clock,
    call,
    get store() {
      return started().store;
    },
    get engine() {
      return started().harness.engine;
    },
  };
}

import { afterAll, beforeAll } from 'vitest';
import { startSession } from '../../shared/auth/session.ts';
import { OutboxChannel } from '../../shared/channels/outbox-channel.ts';
import { InProcessQueue } from '../../shared/delivery/queue.ts';
import { createRouter } from '../../shared/http/router.ts';
import { publicRoutes } from '../../shared/http/public-routes.ts';
import { twilioRoutes } from '../../shared/http/twilio-routes.ts';
import type { HttpRequest, HttpResponse } from '../../shared/http/types.ts';
import { applyPlan } from '../../shared/plan/apply-plan.ts';
import type { Store } from '../../shared/store/store.ts';
import { silentLogger } from '../../shared/util/logger.ts';
import { examplePlan, validPlan } from './plans.ts';
import { useEmbeddedStore } from './store.ts';
import { tableSnapshot } from './table-snapshot.ts';

export const TWILIO_TOKEN = 'hostile-twilio-token';
export const PUBLIC_URL = 'https://kept.example.com';

/**
 * Every route a stranger can reach (the public routes with the API, and both Twilio webhooks)
 * over a fresh store with the example plan, on a fixed clock, with a session for Sam.
 * Registers its own beforeAll/afterAll.
 */
export function usePublicAndTwilioRouter() {
  const embedded = useEmbeddedStore();
  const now = Date.parse('2026-11-24T15:00:00Z');
  let store: Store | undefined;
  let samToken = '';
  let router: (request: HttpRequest) => Promise<HttpResponse>;

  beforeAll(async () => {
    store = await embedded.fresh();
    samToken = await startSession(store, '+15555550101', now);
    await applyPlan(store, validPlan(examplePlan()), now);
    const outbox = new OutboxChannel(store);
    const queue = new InProcessQueue(() => now);
    const deps = { store, queue, logger: silentLogger, now: () => now };
    router = createRouter(
      [
        ...publicRoutes({
          ...deps,
          secret: 'hostile-input-secret-0123456789abcdef',
          publicUrl: PUBLIC_URL,
          channels: { sms: outbox, email: outbox },
          supportContact: 'x',
        }),
        ...twilioRoutes({ ...deps, authToken: TWILIO_TOKEN, publicUrl: PUBLIC_URL, supportContact: 'x' }),
      ],
      silentLogger,
    );
  });
  afterAll(() => embedded.stop());

  const storeNow = (): Store => {
    if (!store) throw new Error('the store starts in beforeAll');
    return store;
  };
  return {
    now,
    get store() {
      return storeNow();
    },
    handle: (request: HttpRequest) => router(request),
    /** A request as Sam (JSON, bearer token) unless the headers say otherwise. */
    request: (method: string, path: string, body: string, headers: Record<string, string> = {}): HttpRequest => ({
      method,
      path,
      query: new URLSearchParams(),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${samToken}`, ...headers },
      body,
      sourceIp: '198.51.100.1',
    }),
    /** The whole table but the rate-limit counters, which every request may move. */
    snapshot: () => tableSnapshot(storeNow(), (item) => !String(item.PK).startsWith('RATE#')),
  };
}

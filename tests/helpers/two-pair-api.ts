import { afterAll, beforeAll } from 'vitest';
import { startSession } from '../../shared/auth/session.ts';
import { InProcessQueue } from '../../shared/delivery/queue.ts';
import type { HttpRequest, HttpResponse } from '../../shared/http/types.ts';
import { applyPlan } from '../../shared/plan/apply-plan.ts';
import { listWholeOutbox } from '../../shared/store/message-repository.ts';
import type { Store } from '../../shared/store/store.ts';
import { apiRouter } from './api-harness.ts';
import { dailyCommitment, examplePlan, validPlan } from './plans.ts';
import { useEmbeddedStore } from './store.ts';

export interface CallOptions {
  body?: unknown;
  token?: string;
  cookie?: string;
  ip?: string;
  raw?: string;
  type?: string;
}

export const body = (response: HttpResponse) => JSON.parse(response.body ?? '{}');

/**
 * The JSON API router over a fresh store holding two pairs (Sam & Alex from the example plan,
 * Kim & Lee), on one test clock; sessions started for Sam, Kim, Alex and a newcomer (+15555550401),
 * and one for Sam that has expired. Registers its own beforeAll/afterAll.
 */
export function useTwoPairApi() {
  const embedded = useEmbeddedStore();
  const clock = { now: Date.parse('2026-11-24T15:00:00Z') };
  const tokens: Record<string, string> = {};
  let store: Store | undefined;
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
    other.commitments = [dailyCommitment('dishes', 'kim', 'Do the dishes', '21:00')];
    other.rituals = [];
    other.affirmations = [];
    await applyPlan(store, validPlan(other), clock.now);
    handle = apiRouter(store, new InProcessQueue(() => clock.now), () => clock.now);
    // As if each had signed in with a code.
    for (const identity of ['+15555550101', '+15555550201', '+447700900123', '+15555550401'])
      tokens[identity] = await startSession(store, identity, clock.now);
    tokens.expired = await startSession(store, '+15555550101', clock.now - 31 * 86_400_000);
  });
  afterAll(() => embedded.stop());

  let ip = 0;
  /** One request to the router; each from its own address unless `ip` is given (rate limits count per address). */
  const call = (method: string, path: string, options: CallOptions = {}) => {
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
  };
  const sessionOf = (identity: string) => tokens[identity]!;
  /** The last sign-in code sent to this number or address. */
  const codeFor = async (identity: string): Promise<string> => {
    const messages = (await listWholeOutbox(api.store)).filter((m) => m.kind === 'sign-in-code' && m.to === identity);
    return messages
      .sort((a, b) => a.sentAt.localeCompare(b.sentAt))
      .at(-1)!
      .body.match(/\d{6}/)![0];
  };
  const api = {
    clock,
    tokens,
    call,
    sessionOf,
    codeFor,
    sam: () => sessionOf('+15555550101'),
    kim: () => sessionOf('+15555550201'),
    get store(): Store {
      if (!store) throw new Error('the store starts in beforeAll');
      return store;
    },
  };
  return api;
}

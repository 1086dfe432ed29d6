import { LocalEngine } from '../../local/engine.ts';
import { apiRoutes } from '../../shared/api/api-routes.ts';
import { OutboxChannel } from '../../shared/channels/outbox-channel.ts';
import { createRouter } from '../../shared/http/router.ts';
import type { HttpResponse } from '../../shared/http/types.ts';
import { handleInboundSms } from '../../shared/replies/handle-reply.ts';
import type { Store } from '../../shared/store/store.ts';
import { silentLogger } from '../../shared/util/logger.ts';

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

/** The API, the reply handler and the local engine over one store and one test clock, all to the outbox. */
export function apiHarness(store: Store, clock: { now: number }): ApiHarness {
  const outbox = new OutboxChannel(store);
  const channels = { sms: outbox, email: outbox };
  const now = () => clock.now;
  const engine = new LocalEngine({ store, channels, logger: silentLogger, now });
  const handle = createRouter(
    apiRoutes({
      store,
      queue: engine.queue,
      logger: silentLogger,
      secret: 'api-harness-secret-that-is-long-enough',
      publicUrl: 'https://kept.example.com',
      channels,
      supportContact: 'x',
      now,
    }),
    silentLogger,
  );
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

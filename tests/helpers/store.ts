import { randomUUID } from 'node:crypto';
import {
  connectStore,
  openEmbeddedStore,
  startDynaliteServer,
  type DynaliteServer,
  type EmbeddedStore,
} from '../../local/embedded-store.ts';
import type { Store } from '../../shared/store/store.ts';

/**
 * How tests reach the store: in this process by default, as `kept start` does; with
 * KEPT_TEST_STORE=http through dynalite's own HTTP server, so that the SDK's HTTP path
 * (serialisation on the wire, retries, error parsing) stays covered (the `store-http` project).
 */
export const testStoreTransport = process.env.KEPT_TEST_STORE === 'http' ? 'http' : 'in-process';

/** One embedded DynamoDB API (dynalite) per test file; a fresh table per call. */
export function useEmbeddedStore(): {
  fresh(shards?: number): Promise<Store>;
  /** An HTTP endpoint on the same data, for code that takes AWS_ENDPOINT_URL_DYNAMODB. */
  endpoint(): string;
  stop(): Promise<void>;
} {
  let embedded: EmbeddedStore | undefined;
  let server: DynaliteServer | undefined;
  let endpoint: string | undefined;
  return {
    async fresh(shards = 4) {
      const table = `kept-${randomUUID()}`;
      if (testStoreTransport === 'http') {
        server ??= await startDynaliteServer();
        endpoint = server.endpoint;
        return connectStore(server.endpoint, table, shards);
      }
      embedded ??= openEmbeddedStore();
      endpoint ??= await embedded.serve();
      return embedded.connect(table, shards);
    },
    endpoint() {
      if (!endpoint) throw new Error('store not started');
      return endpoint;
    },
    async stop() {
      await embedded?.close();
      await server?.close();
      embedded = undefined;
      server = undefined;
      endpoint = undefined;
    },
  };
}

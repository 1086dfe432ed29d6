import { randomUUID } from 'node:crypto';
import { connectStore, startEmbeddedStore, type EmbeddedStore } from '../../local/embedded-store.ts';
import type { Store } from '../../shared/store/store.ts';

/** One embedded DynamoDB API (dynalite) per test file; a fresh table per call. */
export function useEmbeddedStore(): {
  fresh(shards?: number): Promise<Store>;
  endpoint(): string;
  stop(): Promise<void>;
} {
  let embedded: EmbeddedStore | undefined;
  return {
    async fresh(shards = 4) {
      embedded ??= await startEmbeddedStore();
      return connectStore(embedded.endpoint, `kept-${randomUUID()}`, shards);
    },
    endpoint() {
      if (!embedded) throw new Error('store not started');
      return embedded.endpoint;
    },
    async stop() {
      await embedded?.close();
      embedded = undefined;
    },
  };
}

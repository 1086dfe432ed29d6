import type { Store } from '../shared/store/store.ts';
import { connectStore, openEmbeddedStore } from './embedded-store.ts';
import { readServerInfo } from './server-file.ts';

export interface OpenedStore {
  store: Store;
  /** Where the data lives, for messages to the user. */
  description: string;
  /** Whether a running `kept start` owns the folder (and so sends what falls due). */
  running: boolean;
  close(): Promise<void>;
}

/**
 * Opens a data folder: through the running `kept start` when there is one (its store owns
 * the folder's lock), otherwise with an embedded store of our own.
 */
export async function openDataFolder(dataDir: string, shards: number): Promise<OpenedStore> {
  const running = readServerInfo(dataDir);
  if (running) {
    const store = await connectStore(running.storeEndpoint, undefined, shards);
    return { store, description: `the running server (${running.url})`, running: true, close: async () => {} };
  }
  const embedded = openEmbeddedStore({ dataDir });
  const store = await embedded.connect(undefined, shards);
  return { store, description: `data folder ${dataDir}`, running: false, close: () => embedded.close() };
}

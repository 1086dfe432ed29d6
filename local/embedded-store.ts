import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import { createDocumentClient } from '../shared/store/dynamo-client.ts';
import { createStore, type Store } from '../shared/store/store.ts';
import { tableDefinition } from '../shared/store/table.ts';
import { directDocumentClient } from './direct-document-client.ts';
import { InProcessDynalite } from './in-process-dynalite.ts';
import { serveStore, type StoreEndpoint } from './store-endpoint.ts';
import type { ConflictFault } from './transaction-conflicts.ts';

export const LOCAL_TABLE = 'kept';

/** The embedded store in this process: dynalite's validation and actions, called without HTTP. */
export interface EmbeddedStore {
  /** A client on the store in this process, creating the table if it is not there yet. */
  connect(tableName?: string, shards?: number): Promise<Store>;
  /** Opens a loopback endpoint for other processes (`kept apply` while `kept start` runs). */
  serve(port?: number): Promise<string>;
  /** From now on, answers the writes `fault` names as DynamoDB answers a transaction conflict (undefined: none). */
  injectConflicts(fault: ConflictFault | undefined): void;
  /** The loopback endpoint once served. */
  readonly endpoint: string | undefined;
  close(): Promise<void>;
}

/**
 * Opens the embedded store. With a folder the data is kept on disk (LevelDB); without one it
 * lives in memory (tests, `kept simulate`).
 */
export function openEmbeddedStore(options: { dataDir?: string } = {}): EmbeddedStore {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const store = new InProcessDynalite({ path: options.dataDir });
  let served: StoreEndpoint | undefined;
  return {
    // The in-process store runs TransactWriteItems itself (in-process-transaction.ts).
    connect: async (tableName = LOCAL_TABLE, shards) => ({
      ...(await ensureTable(directDocumentClient(store), tableName, shards)),
      transactions: true,
    }),
    async serve(port) {
      served ??= await serveStore(store, port);
      return served.endpoint;
    },
    injectConflicts(fault) {
      store.conflicts = fault;
    },
    get endpoint() {
      return served?.endpoint;
    },
    async close() {
      await served?.close();
      await store.close();
    },
  };
}

export interface DynaliteServer {
  endpoint: string;
  port: number;
  close(): Promise<void>;
}

/**
 * dynalite's own HTTP server on loopback: the path every request took before the store moved
 * in-process. Kept for the test job that covers the SDK over HTTP and for the benches' baseline.
 */
export async function startDynaliteServer(options: { dataDir?: string; port?: number } = {}): Promise<DynaliteServer> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const server = dynalite({ path: options.dataDir, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Connects to a DynamoDB endpoint over HTTP and creates the table if it is not there yet. */
export function connectStore(endpoint: string, tableName = LOCAL_TABLE, shards?: number): Promise<Store> {
  return ensureTable(createDocumentClient({ endpoint, region: 'local' }), tableName, shards);
}

async function ensureTable(doc: DynamoDBDocumentClient, tableName: string, shards?: number): Promise<Store> {
  try {
    await doc.send(new DescribeTableCommand({ TableName: tableName }));
  } catch (error) {
    if (!(error instanceof Error && error.name === 'ResourceNotFoundException')) throw error;
    await doc.send(new CreateTableCommand(tableDefinition(tableName)));
  }
  // Even with createTableMs 0, dynalite turns a table ACTIVE on a later turn of the event loop.
  for (let attempt = 0; ; attempt++) {
    const { Table } = await doc.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') break;
    if (attempt > 500) throw new Error(`table ${tableName} did not become active`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return createStore(doc, tableName, shards);
}

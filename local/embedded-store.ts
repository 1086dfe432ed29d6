import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { createDocumentClient } from '../shared/store/dynamo-client.ts';
import { createStore, type Store } from '../shared/store/store.ts';
import { tableDefinition } from '../shared/store/table.ts';

export const LOCAL_TABLE = 'kept';

export interface EmbeddedStore {
  endpoint: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Starts dynalite, the embedded DynamoDB API, on loopback. With a folder the data is
 * kept on disk (LevelDB); without one it lives in memory (tests, `kept simulate`).
 */
export async function startEmbeddedStore(options: { dataDir?: string; port?: number } = {}): Promise<EmbeddedStore> {
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

/** Connects to a DynamoDB endpoint and creates the table if it is not there yet. */
export async function connectStore(endpoint: string, tableName = LOCAL_TABLE, shards?: number): Promise<Store> {
  const doc = createDocumentClient({ endpoint, region: 'local' });
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

import {
  DeleteCommand,
  type DeleteCommandInput,
  PutCommand,
  type PutCommandInput,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { retryTransactionConflicts } from './conflict-retry.ts';
import { DEFAULT_SHARDS } from './keys.ts';
import { type RequestMeter, requestMeterFor } from './request-meter.ts';
import { KEY_CONDITION, type TaggedItem } from './entities/table-shape.ts';

/** Counts items read, so benchmarks and tests can check what a code path costs. */
export class ReadMeter {
  items = 0;
  requests = 0;
  record(items: number): void {
    this.items += items;
    this.requests += 1;
  }
  reset(): void {
    this.items = 0;
    this.requests = 0;
  }
}

/** What every repository needs: the client, the table, the shard count. */
export interface Store {
  doc: DynamoDBDocumentClient;
  tableName: string;
  shards: number;
  reads: ReadMeter;
  /** Every request sent, by command (shared by all stores on the same client). */
  requests: RequestMeter;
  /**
   * Whether the store runs TransactWriteItems: DynamoDB and the in-process store do, dynalite's
   * own HTTP server does not. Unknown until asked (writeTogether finds out and remembers).
   */
  transactions?: boolean;
}

/** A store on a client: its requests counted, and those refused for a transaction conflict retried (conflict-retry.ts). */
export function createStore(doc: DynamoDBDocumentClient, tableName: string, shards = DEFAULT_SHARDS): Store {
  const requests = requestMeterFor(doc);
  retryTransactionConflicts(doc);
  return { doc, tableName, shards, reads: new ReadMeter(), requests };
}

/** True when DynamoDB refused a write because its condition did not hold. */
export function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/** Sends one conditional write: false when its condition did not hold. */
async function conditionHeld(send: () => Promise<unknown>): Promise<boolean> {
  try {
    await send();
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** A Put that only creates: false when an item with that key is already there. */
export function putIfAbsent(store: Store, item: TaggedItem): Promise<boolean> {
  return putIf(store, { Item: item, ConditionExpression: KEY_CONDITION.absent });
}

/** A conditional Put: false when its condition did not hold. */
export function putIf(store: Store, input: Omit<PutCommandInput, 'TableName'>): Promise<boolean> {
  return conditionHeld(() => store.doc.send(new PutCommand({ ...input, TableName: store.tableName })));
}

/** A conditional Update: false when its condition did not hold. */
export function updateIf(store: Store, input: Omit<UpdateCommandInput, 'TableName'>): Promise<boolean> {
  return conditionHeld(() => store.doc.send(new UpdateCommand({ ...input, TableName: store.tableName })));
}

/** A conditional Delete: false when its condition did not hold. */
export function deleteIf(store: Store, input: Omit<DeleteCommandInput, 'TableName'>): Promise<boolean> {
  return conditionHeld(() => store.doc.send(new DeleteCommand({ ...input, TableName: store.tableName })));
}

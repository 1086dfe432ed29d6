import {
  DeleteCommand,
  type DeleteCommandInput,
  PutCommand,
  type PutCommandInput,
  TransactWriteCommand,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { cancellationCodes, isTransactionConflict } from './conflict-retry.ts';
import { isConditionFailure, type Store } from './store.ts';

type Without<T> = Omit<T, 'TableName'>;
/** One write of a group, in lib-dynamodb's shapes without the table name. */
export type GroupWrite =
  | { Put: Without<PutCommandInput> }
  | { Update: Without<UpdateCommandInput> }
  | { Delete: Without<DeleteCommandInput> };

/** A write of the group whose condition did not hold. */
export class WritesCancelledError extends Error {
  constructor(
    /** The positions (in the group) of the writes whose condition failed. */
    readonly failed: number[],
    /** How many writes of the group took effect: 0 in a transaction, the ones before the failure in order. */
    readonly applied: number,
    options?: { cause?: unknown },
  ) {
    super(`conditional write ${failed.join(', ')} of a group failed; ${applied} applied`, options);
    this.name = 'WritesCancelledError';
  }
}

/**
 * Writes that belong together, in one request where the store has transactions (DynamoDB's
 * TransactWriteItems, the in-process store): all or none. Where it has none (dynalite over
 * HTTP) they go one by one in the order given, each with its own condition, stopping at the
 * first that fails, so callers list them so that every prefix is a state a retry can finish.
 * Throws WritesCancelledError when a condition fails; a transaction conflict (still there after
 * the client's retries, see conflict-retry.ts) is thrown as it came, never as a failed condition.
 */
export async function writeTogether(store: Store, writes: GroupWrite[]): Promise<void> {
  if (writes.length === 0) return;
  if (writes.length > 1 && store.transactions !== false) {
    try {
      await store.doc.send(
        new TransactWriteCommand({
          TransactItems: writes.map((write) => withTable(store, write)) as never,
        }),
      );
      return;
    } catch (error) {
      // A conflict is not a failed condition, even beside one: once the other transaction is done
      // the conditions may hold. The client retried it already; the caller retries as for any failure.
      if (isTransactionConflict(error)) throw error;
      const codes = cancellationCodes(error);
      if (codes) {
        const failed = codes.flatMap((code, i) => (code === 'ConditionalCheckFailed' ? [i] : []));
        if (failed.length > 0) throw new WritesCancelledError(failed, 0, { cause: error });
        throw error; // a throttle: the caller retries as for any failure
      }
      if (!(error instanceof Error) || error.name !== 'UnknownOperationException') throw error;
      // dynalite's own server has no transactions: remembered, so it is asked once.
      store.transactions = false;
    }
  }
  for (const [i, write] of writes.entries()) {
    try {
      await sendOne(store, write);
    } catch (error) {
      if (isConditionFailure(error)) throw new WritesCancelledError([i], i, { cause: error });
      throw error;
    }
  }
}

function withTable(store: Store, write: GroupWrite): Record<string, unknown> {
  const [kind, input] = Object.entries(write)[0]!;
  return { [kind]: { ...input, TableName: store.tableName } };
}

function sendOne(store: Store, write: GroupWrite): Promise<unknown> {
  if ('Put' in write) return store.doc.send(new PutCommand({ ...write.Put, TableName: store.tableName }));
  if ('Update' in write) return store.doc.send(new UpdateCommand({ ...write.Update, TableName: store.tableName }));
  return store.doc.send(new DeleteCommand({ ...write.Delete, TableName: store.tableName }));
}

import {
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  TransactionCanceledException,
  TransactionConflictException,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { openEmbeddedStore } from '../../local/embedded-store.ts';
import type { ConflictFault } from '../../local/transaction-conflicts.ts';
import { CONFLICT_ATTEMPTS } from '../../shared/store/conflict-retry.ts';
import { WritesCancelledError, writeTogether } from '../../shared/store/write-together.ts';

const embedded = openEmbeddedStore();
afterAll(() => embedded.close());

const ONGOING = 'Transaction is ongoing for the item';
/** Another transaction holds the item at `index` of every write, `times` times (Infinity: always). */
const held = (index: number, times = Number.POSITIVE_INFINITY): ConflictFault & { asked: number } => {
  const fault = Object.assign(() => (fault.asked++ < times ? index : null), { asked: 0 });
  return fault;
};

/** The AWS SDK over HTTP, its own retries on (3 attempts), and no Kept middleware: what Lambda's client sees. */
async function sdkOverHttp() {
  const endpoint = await embedded.serve();
  return new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 3,
  });
}

const item = (sk: string) => ({ PK: { S: 'PAIR#conflict' }, SK: { S: sk }, type: { S: 'Test' } });

describe('a write to an item another transaction holds, answered as DynamoDB answers it', () => {
  it('a single PutItem: TransactionConflictException (400, client fault), not retried by the SDK, nothing written', async () => {
    const store = await embedded.connect(`kept-${randomUUID()}`);
    const client = await sdkOverHttp();
    embedded.injectConflicts(held(0));
    const error = await client
      .send(new PutItemCommand({ TableName: store.tableName, Item: item('ONE') }))
      .catch((e: unknown) => e);
    embedded.injectConflicts(undefined);
    expect(error).toBeInstanceOf(TransactionConflictException);
    const refused = error as TransactionConflictException;
    expect(refused.name).toBe('TransactionConflictException');
    expect(refused.message).toBe(ONGOING);
    expect(refused.$fault).toBe('client');
    expect(refused.$metadata.httpStatusCode).toBe(400);
    expect(refused.$metadata.attempts).toBe(1); // the SDK does not retry it by itself
    const got = await client.send(
      new GetItemCommand({ TableName: store.tableName, Key: { PK: item('x').PK, SK: item('ONE').SK } }),
    );
    expect(got.Item).toBeUndefined();
  });

  it('a TransactWriteItems: TransactionCanceledException with one reason per member, not retried by the SDK, nothing applied', async () => {
    const store = await embedded.connect(`kept-${randomUUID()}`);
    const client = await sdkOverHttp();
    embedded.injectConflicts(held(1));
    const error = await client
      .send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: store.tableName, Item: item('A') } },
            { Put: { TableName: store.tableName, Item: item('B') } },
          ],
        }),
      )
      .catch((e: unknown) => e);
    embedded.injectConflicts(undefined);
    expect(error).toBeInstanceOf(TransactionCanceledException);
    const cancelled = error as TransactionCanceledException;
    expect(cancelled.CancellationReasons).toEqual([
      { Code: 'None' },
      { Code: 'TransactionConflict', Message: ONGOING },
    ]);
    expect(cancelled.message).toBe(
      'Transaction cancelled, please refer cancellation reasons for specific reasons [None, TransactionConflict]',
    );
    expect(cancelled.$metadata.httpStatusCode).toBe(400);
    expect(cancelled.$metadata.attempts).toBe(1);
    for (const sk of ['A', 'B'])
      expect(
        (await store.doc.send(new GetCommand({ TableName: store.tableName, Key: { PK: 'PAIR#conflict', SK: sk } })))
          .Item,
      ).toBeUndefined();
  });

  it('the in-process client raises the same error names and reasons', async () => {
    const store = await embedded.connect(`kept-${randomUUID()}`);
    embedded.injectConflicts(held(0));
    const single = await store.doc
      .send(new PutCommand({ TableName: store.tableName, Item: { PK: 'PAIR#conflict', SK: 'ONE', type: 'Test' } }))
      .catch((e: unknown) => e);
    embedded.injectConflicts(undefined);
    expect((single as Error).name).toBe('TransactionConflictException');
    expect((single as Error).message).toBe(ONGOING);
  });
});

describe('Kept retries a write refused for a conflict, as DynamoDB advises and the SDK does not', () => {
  it('a single write refused twice goes through on the third attempt, counted as one request', async () => {
    const store = await embedded.connect(`kept-${randomUUID()}`);
    const fault = held(0, 2);
    embedded.injectConflicts(fault);
    const mark = store.requests.mark();
    await store.doc.send(
      new PutCommand({ TableName: store.tableName, Item: { PK: 'PAIR#c', SK: 'ONE', type: 'Test' } }),
    );
    embedded.injectConflicts(undefined);
    expect(fault.asked).toBe(3);
    expect(store.requests.since(mark).total).toBe(1);
    expect(
      (await store.doc.send(new GetCommand({ TableName: store.tableName, Key: { PK: 'PAIR#c', SK: 'ONE' } }))).Item,
    ).toBeDefined();
  });

  it('writeTogether: a transaction cancelled by conflicts goes through once they pass; all of it, once', async () => {
    const store = await embedded.connect(`kept-${randomUUID()}`);
    const fault = held(1, CONFLICT_ATTEMPTS - 1);
    embedded.injectConflicts(fault);
    await writeTogether(store, [
      { Put: { Item: { PK: 'PAIR#c', SK: 'A', type: 'Test' }, ConditionExpression: 'attribute_not_exists(PK)' } },
      { Put: { Item: { PK: 'PAIR#c', SK: 'B', type: 'Test' }, ConditionExpression: 'attribute_not_exists(PK)' } },
    ]);
    embedded.injectConflicts(undefined);
    expect(fault.asked).toBe(CONFLICT_ATTEMPTS);
    for (const sk of ['A', 'B'])
      expect(
        (await store.doc.send(new GetCommand({ TableName: store.tableName, Key: { PK: 'PAIR#c', SK: sk } }))).Item,
      ).toBeDefined();
  });

  it('writeTogether: a conflict that outlasts the retries is thrown as the conflict it is, never as a failed condition', async () => {
    const store = await embedded.connect(`kept-${randomUUID()}`);
    const fault = held(0);
    embedded.injectConflicts(fault);
    const error = await writeTogether(store, [
      { Put: { Item: { PK: 'PAIR#c', SK: 'A', type: 'Test' } } },
      { Put: { Item: { PK: 'PAIR#c', SK: 'B', type: 'Test' } } },
    ]).catch((e: unknown) => e);
    embedded.injectConflicts(undefined);
    expect(fault.asked).toBe(CONFLICT_ATTEMPTS);
    expect(error).not.toBeInstanceOf(WritesCancelledError);
    expect((error as Error).name).toBe('TransactionCanceledException');
  });

  it('writeTogether: a cancellation naming a conflict beside a failed condition is a conflict, not a failed condition', async () => {
    // The in-process fault never answers this mix; DynamoDB may (a condition read while another
    // transaction was changing the item), so the SDK's own error class stands in for it.
    const store = await embedded.connect(`kept-${randomUUID()}`);
    const mixed = new TransactionCanceledException({
      message:
        'Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, TransactionConflict]',
      $metadata: { httpStatusCode: 400 },
      CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'TransactionConflict', Message: ONGOING }],
    });
    const answering = Object.create(store.doc) as typeof store.doc;
    answering.send = (async () => {
      throw mixed;
    }) as typeof store.doc.send;
    const error = await writeTogether({ ...store, doc: answering }, [
      { Put: { Item: { PK: 'PAIR#c', SK: 'A', type: 'Test' }, ConditionExpression: 'attribute_not_exists(PK)' } },
      { Put: { Item: { PK: 'PAIR#c', SK: 'B', type: 'Test' } } },
    ]).catch((e: unknown) => e);
    expect(error).toBe(mixed);
  });

  it('writeTogether: a retried transaction whose condition no longer holds fails as a condition', async () => {
    const store = await embedded.connect(`kept-${randomUUID()}`);
    await store.doc.send(new PutCommand({ TableName: store.tableName, Item: { PK: 'PAIR#c', SK: 'B', type: 'Test' } }));
    embedded.injectConflicts(held(0, 1));
    const error = await writeTogether(store, [
      { Put: { Item: { PK: 'PAIR#c', SK: 'A', type: 'Test' } } },
      { Put: { Item: { PK: 'PAIR#c', SK: 'B', type: 'Test' }, ConditionExpression: 'attribute_not_exists(PK)' } },
    ]).catch((e: unknown) => e);
    embedded.injectConflicts(undefined);
    expect(error).toBeInstanceOf(WritesCancelledError);
    expect((error as WritesCancelledError).failed).toEqual([1]);
  });
});

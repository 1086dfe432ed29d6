import { readFileSync } from 'node:fs';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { connectStore, openEmbeddedStore, startDynaliteServer } from '../../local/embedded-store.ts';
import { simulate } from '../../local/simulate.ts';
import type { Store } from '../../shared/store/store.ts';
import { examplePlan, validPlan } from '../helpers/plans.ts';

const inProcess = openEmbeddedStore();
const server = await startDynaliteServer();
afterAll(async () => {
  await inProcess.close();
  await server.close();
});

/** The same requests, and what each answered (values or the error's name and message). */
async function script(store: Store): Promise<unknown[]> {
  const t = store.tableName;
  const attempt = async (run: () => Promise<unknown>) => {
    try {
      const result = (await run()) as Record<string, unknown>;
      // BatchGet answers in no particular order (on DynamoDB too): sorted to compare.
      const responses = result.Responses as Record<string, Array<{ SK: string }>> | undefined;
      for (const items of Object.values(responses ?? {})) items.sort((a, b) => a.SK.localeCompare(b.SK));
      return { ok: result.Item ?? result.Items ?? result.Attributes ?? responses ?? null };
    } catch (error) {
      return { error: (error as Error).name, message: (error as Error).message };
    }
  };
  return [
    await attempt(() =>
      store.doc.send(new PutCommand({ TableName: t, Item: { PK: 'a', SK: 'b', n: 1, tags: ['x'] } })),
    ),
    await attempt(() =>
      store.doc.send(
        new PutCommand({ TableName: t, Item: { PK: 'a', SK: 'b' }, ConditionExpression: 'attribute_not_exists(PK)' }),
      ),
    ),
    await attempt(() =>
      store.doc.send(
        new UpdateCommand({
          TableName: t,
          Key: { PK: 'a', SK: 'b' },
          UpdateExpression: 'SET n = n + :one',
          ExpressionAttributeValues: { ':one': 1 },
          ReturnValues: 'ALL_NEW',
        }),
      ),
    ),
    await attempt(() =>
      store.doc.send(new GetCommand({ TableName: t, Key: { PK: 'a', SK: 'b' }, ConsistentRead: true })),
    ),
    await attempt(() =>
      store.doc.send(
        new QueryCommand({ TableName: t, KeyConditionExpression: 'PK = :p', ExpressionAttributeValues: { ':p': 'a' } }),
      ),
    ),
    await attempt(() => store.doc.send(new GetCommand({ TableName: t, Key: { PK: 'a' } }))),
    await attempt(() => store.doc.send(new GetCommand({ TableName: 'no-such-table', Key: { PK: 'a', SK: 'b' } }))),
    await attempt(() =>
      store.doc.send(
        new BatchWriteCommand({
          RequestItems: {
            [t]: [
              {
                PutRequest: {
                  Item: { PK: 'a', SK: 'c', GSI1PK: 'due', GSI1SK: '1', nested: { list: [1, 'x', null, true] } },
                },
              },
              {
                PutRequest: {
                  Item: { PK: 'a', SK: 'd', GSI1PK: 'due', GSI1SK: '2', tags: new Set(['p', 'q']), big: 2 ** 40 },
                },
              },
            ],
          },
        }),
      ),
    ),
    await attempt(() =>
      store.doc.send(
        new BatchGetCommand({
          RequestItems: {
            [t]: {
              Keys: [
                { PK: 'a', SK: 'c' },
                { PK: 'a', SK: 'd' },
                { PK: 'a', SK: 'z' },
              ],
            },
          },
        }),
      ),
    ),
    await attempt(() =>
      store.doc.send(
        new QueryCommand({
          TableName: t,
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :p AND GSI1SK <= :s',
          ExpressionAttributeValues: { ':p': 'due', ':s': '9' },
        }),
      ),
    ),
    await attempt(() =>
      store.doc.send(new DeleteCommand({ TableName: t, Key: { PK: 'a', SK: 'c' }, ReturnValues: 'ALL_OLD' })),
    ),
    await attempt(() => store.doc.send(new PutCommand({ TableName: t, Item: { PK: '', SK: 'b' } }))),
  ];
}

const inProcessTable = 'kept-script';

describe('the embedded store in this process', () => {
  it('answers like dynalite over HTTP: items, conditional failures and validation errors by name', async () => {
    const direct = await script(await inProcess.connect(inProcessTable));
    const overHttp = await script(await connectStore(server.endpoint, 'kept-script'));
    expect(direct).toEqual(overHttp);
    expect(direct.map((answer) => Object.keys(answer as object)[0])).toEqual([
      'ok',
      'error',
      'ok',
      'ok',
      'ok',
      'error',
      'error',
      'ok',
      'ok',
      'ok',
      'ok',
      'error',
    ]);
    expect((direct[8] as { ok: Record<string, unknown[]> }).ok[inProcessTable]!).toHaveLength(2);
    expect((direct[9] as { ok: unknown[] }).ok).toHaveLength(2);
    expect((direct[10] as { ok: Record<string, unknown> }).ok.nested).toEqual({ list: [1, 'x', null, true] });
    expect((direct[9] as { ok: Array<Record<string, unknown>> }).ok[1]!.tags).toEqual(new Set(['p', 'q']));
    expect((direct[1] as { error: string }).error).toBe('ConditionalCheckFailedException');
    expect((direct[3] as { ok: unknown }).ok).toEqual({ PK: 'a', SK: 'b', n: 2, tags: ['x'] });
    expect((direct[6] as { error: string }).error).toBe('ResourceNotFoundException');
  });

  it('serves the same data to another process on a loopback endpoint', async () => {
    const mine = await inProcess.connect('kept-shared');
    await mine.doc.send(new PutCommand({ TableName: mine.tableName, Item: { PK: 'p', SK: 's', v: 'here' } }));
    const other = await connectStore(await inProcess.serve(), 'kept-shared');
    const { Item } = await other.doc.send(new GetCommand({ TableName: other.tableName, Key: { PK: 'p', SK: 's' } }));
    expect(Item).toEqual({ PK: 'p', SK: 's', v: 'here' });
    expect(await script(other)).toEqual(await script(await connectStore(server.endpoint, 'kept-shared')));
    await other.doc.send(new DeleteTableCommand({ TableName: other.tableName }));
  });
});

describe('kept simulate on the in-process store', () => {
  it('prints byte for byte what it printed with dynalite over HTTP, replies included', async () => {
    const plan = validPlan(examplePlan());
    const replies = JSON.parse(readFileSync(new URL('../../examples/replies.json', import.meta.url), 'utf8'));
    const options = {
      from: Date.parse('2026-11-23T05:00:00Z'),
      until: Date.parse('2026-11-30T05:00:00Z'),
      replies,
    };
    const text = (lines: unknown[]) => lines.map((line) => JSON.stringify(line)).join('\n');
    const direct = text(await simulate(plan, { ...options, storeTransport: 'in-process' }));
    const overHttp = text(await simulate(plan, { ...options, storeTransport: 'http' }));
    expect(direct).toBe(overHttp);
    expect(direct).toContain('"kind":"kept-notice"');
    // With faults the two differ in where faults land (the in-process store writes related items
    // in one transaction, dynalite over HTTP one by one), not in what is delivered.
    const identity = (line: { kind: string; to: string; body: string }) => `${line.kind}|${line.to}|${line.body}`;
    const faults = { rate: 0.2, seed: 7 };
    const expected = (await simulate(plan, options)).map(identity).sort();
    for (const storeTransport of ['in-process', 'http'] as const)
      expect(
        (await simulate(plan, { ...options, faults, storeTransport })).map(identity).sort(),
        storeTransport,
      ).toEqual(expected);
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { InProcessDynalite } from '../../local/in-process-dynalite.ts';
import type { WrittenItem } from '../../local/transaction-conflicts.ts';

describe("the in-process store's item keys", () => {
  const store = new InProcessDynalite();
  afterAll(() => store.close());
  const TableName = 'key-schema-test';

  async function waitFor(status: string | undefined) {
    for (;;) {
      const { body } = await store.dispatchObject('DescribeTable', { TableName });
      if ((body as { Table?: { TableStatus?: string } }).Table?.TableStatus === status) return;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
  async function createTable(key: string) {
    await store.dispatchObject('CreateTable', {
      TableName,
      AttributeDefinitions: [{ AttributeName: key, AttributeType: 'S' }],
      KeySchema: [{ AttributeName: key, KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    });
    await waitFor('ACTIVE');
  }

  it('follows a table deleted and created again with another key', async () => {
    const seen: WrittenItem[][] = [];
    store.conflicts = ({ items }) => {
      seen.push(items);
      return null;
    };
    await createTable('PK');
    expect((await store.dispatchObject('PutItem', { TableName, Item: { PK: { S: 'a' } } })).status).toBe(200);
    await store.dispatchObject('DeleteTable', { TableName });
    await waitFor(undefined);
    await createTable('id');
    expect(
      (await store.dispatchObject('PutItem', { TableName, Item: { id: { S: 'b' }, PK: { S: 'x' } } })).status,
    ).toBe(200);
    expect(seen).toEqual([
      [{ tableName: TableName, key: { PK: { S: 'a' } } }],
      [{ tableName: TableName, key: { id: { S: 'b' } } }],
    ]);
  });
});

import { DeleteTableCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { createRequire } from 'node:module';
import { afterAll, describe, expect, it } from 'vitest';
import { openEmbeddedStore } from '../../local/embedded-store.ts';
import { type DynaliteTableStore, TableDescriptionCache } from '../../local/table-description-cache.ts';
import type { Store } from '../../shared/store/store.ts';

// The in-process store keeps an ACTIVE table's description decoded (local/table-description-cache.ts).
const embedded = openEmbeddedStore();
afterAll(() => embedded.close());

const put = (store: Store, item: Record<string, unknown>) =>
  store.doc.send(new PutCommand({ TableName: store.tableName, Item: item }));
const get = async (store: Store, key: Record<string, unknown>) =>
  (await store.doc.send(new GetCommand({ TableName: store.tableName, Key: key }))).Item;
const failure = (run: Promise<unknown>) =>
  run.then(
    () => 'no error',
    (error: Error) => error.name,
  );

async function deleteAndWait(store: Store): Promise<void> {
  await store.doc.send(new DeleteTableCommand({ TableName: store.tableName }));
  for (let attempt = 0; attempt < 500; attempt++) {
    const gone = await failure(store.doc.send(new DescribeTableCommand({ TableName: store.tableName })));
    if (gone === 'ResourceNotFoundException') return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('table was not deleted');
}

describe("the in-process store's copy of a table's description", () => {
  it('is dropped when the table is deleted: item requests then find no table, as on dynalite', async () => {
    const store = await embedded.connect('kept-deleted');
    await put(store, { PK: 'p', SK: 's', v: 1 });
    expect(await get(store, { PK: 'p', SK: 's' })).toEqual({ PK: 'p', SK: 's', v: 1 });

    await deleteAndWait(store);
    expect(await failure(get(store, { PK: 'p', SK: 's' }))).toBe('ResourceNotFoundException');
    expect(await failure(put(store, { PK: 'p', SK: 's', v: 2 }))).toBe('ResourceNotFoundException');
  });

  it('is read again when a table of the same name is made again: the new, empty table answers', async () => {
    const first = await embedded.connect('kept-again');
    await put(first, { PK: 'p', SK: 's', v: 1 });
    await deleteAndWait(first);

    const again = await embedded.connect('kept-again');
    expect(await get(again, { PK: 'p', SK: 's' })).toBeUndefined();
    await put(again, { PK: 'p', SK: 's', v: 3 });
    expect(await get(again, { PK: 'p', SK: 's' })).toEqual({ PK: 'p', SK: 's', v: 3 });
  });

  it("is kept per table: one table's deletion leaves another's items answering", async () => {
    const kept = await embedded.connect('kept-stays');
    const gone = await embedded.connect('kept-goes');
    await put(kept, { PK: 'k', SK: 'k', v: 'stays' });
    await deleteAndWait(gone);
    expect(await get(kept, { PK: 'k', SK: 'k' })).toEqual({ PK: 'k', SK: 'k', v: 'stays' });
    expect(await failure(get(gone, { PK: 'k', SK: 'k' }))).toBe('ResourceNotFoundException');
  });
});

describe('the copy in verify mode (KEPT_VERIFY_STORE_SHORTCUTS=1, on in these tests)', () => {
  type Description = { KeySchema: Array<{ AttributeName: string }> } | undefined;
  // dynalite's own LevelDB store (in memory), as the in-process store wraps it.
  const dynalite = createRequire(import.meta.url)('dynalite/db').create({ createTableMs: 0 }) as DynaliteTableStore & {
    db: { close(cb: () => void): void };
  };
  // Wraps the store's reads and writes of descriptions in place.
  new TableDescriptionCache(dynalite);
  afterAll(() => new Promise<void>((resolve) => dynalite.db.close(resolve)));
  const read = (name: string) =>
    new Promise<Description>((resolve, reject) =>
      dynalite.getTable(name, (error, table) => (error ? reject(error) : resolve(table))),
    );

  it("fails a request whose description from the copy is not the store's (a request changed the copy it was handed)", async () => {
    expect(process.env.KEPT_VERIFY_STORE_SHORTCUTS).toBe('1');
    const description = { TableName: 'verified', TableStatus: 'ACTIVE', KeySchema: [{ AttributeName: 'PK' }] };
    await new Promise((resolve) => dynalite.tableDb.put('verified', description, resolve));
    const first = await read('verified');
    expect(first).toEqual(description);
    // A hit, checked against the store: the very copy, unchanged.
    expect(await read('verified')).toBe(first);
    first!.KeySchema.push({ AttributeName: 'SK' });
    await expect(read('verified')).rejects.toThrow(
      "table description cache: the copy of verified differs from dynalite's store",
    );
  });
});

import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Store } from './store.ts';
import { KEY_CONDITION } from './entities/table-shape.ts';

type Item = Record<string, unknown>;

/** Runs a Query through every page, counting items read. */
export async function* queryPages(store: Store, input: Omit<QueryCommandInput, 'TableName'>): AsyncGenerator<Item> {
  let startKey: Item | undefined;
  do {
    const page = await store.doc.send(
      new QueryCommand({ ...input, TableName: store.tableName, ExclusiveStartKey: startKey }),
    );
    store.reads.record(page.Count ?? 0);
    for (const item of page.Items ?? []) yield item;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
}

export async function queryAll(store: Store, input: Omit<QueryCommandInput, 'TableName'>): Promise<Item[]> {
  const items: Item[] = [];
  for await (const item of queryPages(store, input)) items.push(item);
  return items;
}

/** All items of a pair whose sort key starts with a prefix. */
export function queryPairPrefix(store: Store, pk: string, prefix: string): Promise<Item[]> {
  return queryAll(store, {
    KeyConditionExpression: KEY_CONDITION.prefix,
    ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
  });
}

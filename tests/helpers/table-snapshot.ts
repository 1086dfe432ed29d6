import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Store } from '../../shared/store/store.ts';

/** Every item of the table (every page), consistently read, optionally only those the filter keeps. */
export async function scanTable(
  store: Store,
  keep: (item: Record<string, unknown>) => boolean = () => true,
): Promise<Array<Record<string, unknown>>> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await store.doc.send(
      new ScanCommand({ TableName: store.tableName, ExclusiveStartKey: start, ConsistentRead: true }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items.filter(keep);
}

/** The table (or the items the filter keeps) as one stable string: a refused request must leave it exactly as it was. */
export async function tableSnapshot(
  store: Store,
  keep: (item: Record<string, unknown>) => boolean = () => true,
): Promise<string> {
  const items = await scanTable(store, keep);
  return JSON.stringify(items.sort((a, b) => `${a.PK}${a.SK}`.localeCompare(`${b.PK}${b.SK}`)));
}

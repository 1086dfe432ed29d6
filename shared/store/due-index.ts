import type { ScheduleState } from '../model/schedule.ts';
import { type Delivery, deliveryFromItem, isDeliveryItem } from './delivery-repository.ts';
import { DUE } from './entities/table-shape.ts';
import { dueIndexPk, dueIndexUpperBound } from './keys.ts';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { queryPages } from './query-all.ts';
import { isScheduleItem, scheduleFromItem } from './schedule-repository.ts';
import type { Store } from './store.ts';

/** What the due index holds: a schedule whose next firing is due, or a delivery whose lease ran out. */
export type DueEntry =
  | { kind: 'schedule'; schedule: ScheduleState }
  | { kind: 'delivery'; delivery: Delivery }
  | { kind: 'unknown'; entity: unknown; problem?: string };

/**
 * Reads one due-index item into what it is; an unknown entity is reported, never guessed. A
 * malformed item is reported too (with what is wrong), so it cannot stop the tick for the rest.
 */
export function dueEntryFromItem(item: Record<string, unknown>): DueEntry {
  try {
    if (isScheduleItem(item)) return { kind: 'schedule', schedule: scheduleFromItem(item) };
    if (isDeliveryItem(item)) return { kind: 'delivery', delivery: deliveryFromItem(item) };
  } catch (error) {
    return { kind: 'unknown', entity: item.entity, problem: error instanceof Error ? error.message : String(error) };
  }
  return { kind: 'unknown', entity: item.entity };
}

/** Everything in one shard of the due index that is due at or before `now` (schedules and stalled deliveries). */
export function dueItems(
  store: Store,
  shard: number,
  now: number,
  pageSize = 500,
): AsyncGenerator<Record<string, unknown>> {
  return queryPages(store, {
    IndexName: DUE.name,
    KeyConditionExpression: `${DUE.partitionKey} = :pk AND ${DUE.sortKey} <= :upper`,
    ExpressionAttributeValues: { ':pk': dueIndexPk(shard), ':upper': dueIndexUpperBound(now) },
    Limit: pageSize,
  });
}

/** The earliest instant anything is due, across all shards (null: nothing scheduled). */
export async function nextDueAt(store: Store): Promise<number | null> {
  let earliest: number | null = null;
  for (let shard = 0; shard < store.shards; shard++) {
    const page = await store.doc.send(
      new QueryCommand({
        TableName: store.tableName,
        IndexName: DUE.name,
        KeyConditionExpression: `${DUE.partitionKey} = :pk`,
        ExpressionAttributeValues: { ':pk': dueIndexPk(shard) },
        Limit: 1,
      }),
    );
    const sk = page.Items?.[0]?.[DUE.sortKey];
    if (typeof sk === 'string') {
      const at = Date.parse(sk.slice(0, sk.indexOf('#')));
      if (earliest === null || at < earliest) earliest = at;
    }
  }
  return earliest;
}

/**
 * What is due in one shard, read into entries, in pages of at most `pageSize`: the tick
 * checks its deadline between pages.
 */
export async function* duePages(store: Store, shard: number, now: number, pageSize = 100): AsyncGenerator<DueEntry[]> {
  let page: DueEntry[] = [];
  for await (const item of dueItems(store, shard, now)) {
    page.push(dueEntryFromItem(item));
    if (page.length >= pageSize) {
      yield page;
      page = [];
    }
  }
  if (page.length > 0) yield page;
}

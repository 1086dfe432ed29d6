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

/** The first items of the due index, in due order, as read at one moment. */
export interface DuePeek {
  /** The earliest instant anything is due, across all shards (null: nothing scheduled). */
  at: number | null;
  /** Per shard: its first items, and whether more follow them. */
  shards: Array<{ items: Record<string, unknown>[]; more: boolean }>;
  /** The store's write count when read: once anything is written, the peek says nothing of now. */
  writes: number;
}

/**
 * Reads the first `pageSize` items of every shard: when the next thing is due, and, while
 * nothing is written meanwhile, what the tick at that time would read (`kept simulate` jumps
 * there and hands the items to the tick instead of asking the same question twice).
 */
export async function peekDue(store: Store, pageSize = 50): Promise<DuePeek> {
  const writes = store.requests.writes;
  const shards: DuePeek['shards'] = [];
  let earliest: number | null = null;
  for (let shard = 0; shard < store.shards; shard++) {
    const page = await store.doc.send(
      new QueryCommand({
        TableName: store.tableName,
        IndexName: DUE.name,
        KeyConditionExpression: `${DUE.partitionKey} = :pk`,
        ExpressionAttributeValues: { ':pk': dueIndexPk(shard) },
        Limit: pageSize,
      }),
    );
    const items = page.Items ?? [];
    store.reads.record(items.length);
    shards.push({ items, more: page.LastEvaluatedKey !== undefined });
    const sk = items[0]?.[DUE.sortKey];
    if (typeof sk === 'string') {
      const at = Date.parse(sk.slice(0, sk.indexOf('#')));
      if (earliest === null || at < earliest) earliest = at;
    }
  }
  return { at: earliest, shards, writes };
}

/** The earliest instant anything is due, across all shards (null: nothing scheduled). */
export async function nextDueAt(store: Store): Promise<number | null> {
  return (await peekDue(store, 1)).at;
}

/**
 * What is due at `now` in one shard according to a peek, when the peek still answers that:
 * nothing was written since, and its page reaches past `now` (or holds the whole shard).
 * Null: read the shard.
 */
function dueFromPeek(
  store: Store,
  peek: DuePeek | undefined,
  shard: number,
  now: number,
): Record<string, unknown>[] | null {
  const page = peek?.shards[shard];
  if (!page || store.requests.writes !== peek!.writes) return null;
  const upper = dueIndexUpperBound(now);
  const due = page.items.filter((item) => String(item[DUE.sortKey]) <= upper);
  return due.length === page.items.length && page.more ? null : due;
}

/**
 * What is due in one shard, read into entries, in pages of at most `pageSize`: the tick
 * checks its deadline between pages.
 */
export async function* duePages(
  store: Store,
  shard: number,
  now: number,
  pageSize = 100,
  peek?: DuePeek,
): AsyncGenerator<DueEntry[]> {
  let page: DueEntry[] = [];
  const items = dueFromPeek(store, peek, shard, now) ?? dueItems(store, shard, now);
  for await (const item of items) {
    page.push(dueEntryFromItem(item));
    if (page.length >= pageSize) {
      yield page;
      page = [];
    }
  }
  if (page.length > 0) yield page;
}

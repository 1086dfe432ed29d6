import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { performance } from 'node:perf_hooks';
import { DEFAULT_TICK_CONCURRENCY, emptyTickReport, handleDueItem, tick } from '../shared/delivery/tick.ts';
import { dueItems } from '../shared/store/due-index.ts';
import { forEachConcurrent } from '../shared/util/concurrency.ts';
import type { DeliveryQueue } from '../shared/delivery/queue.ts';
import type { Store } from '../shared/store/store.ts';
import { connectStore } from '../local/embedded-store.ts';
import { startDynaliteProcess } from './dynalite-process.ts';
import { benchSchedules, seedSchedules } from './seed.ts';

const countingQueue = (): DeliveryQueue & { count: number } => ({
  count: 0,
  async enqueue(refs) {
    this.count += refs.length;
  },
});

type Item = Record<string, unknown>;

/**
 * The finding half of a planner without the due index, by the best plain means: a parallel Scan
 * (one segment per shard the tick reads, at the same time) whose FilterExpression keeps only the
 * due schedules, so only those cross the wire and the SDK. The store still reads every item
 * (ScannedCount).
 */
async function scanForDue(store: Store, now: number): Promise<{ due: Item[]; read: number }> {
  const segments = await Promise.all(
    Array.from({ length: store.shards }, (_, segment) => scanSegment(store, now, segment, store.shards)),
  );
  return { due: segments.flatMap((s) => s.due), read: segments.reduce((sum, s) => sum + s.read, 0) };
}

async function scanSegment(
  store: Store,
  now: number,
  segment: number,
  totalSegments: number,
): Promise<{ due: Item[]; read: number }> {
  const due: Item[] = [];
  let startKey: Item | undefined;
  let read = 0;
  do {
    const page = await store.doc.send(
      new ScanCommand({
        TableName: store.tableName,
        Segment: segment,
        TotalSegments: totalSegments,
        ExclusiveStartKey: startKey,
        FilterExpression: 'entity = :schedule AND active = :yes AND fireAt <= :now',
        ExpressionAttributeValues: { ':schedule': 'Schedule', ':yes': true, ':now': new Date(now).toISOString() },
      }),
    );
    read += page.ScannedCount ?? 0;
    due.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return { due, read };
}

/** The tick's finding half: the due index, its shards at the same time (as the tick reads them). */
async function indexForDue(store: Store, now: number): Promise<{ due: Item[]; read: number }> {
  const before = store.reads.items;
  const shards = await Promise.all(
    Array.from({ length: store.shards }, async (_, shard) => {
      const due: Item[] = [];
      for await (const item of dueItems(store, shard, now)) due.push(item);
      return due;
    }),
  );
  return { due: shards.flat(), read: store.reads.items - before };
}

/** The planner without the index: the filtered scan, then the same planning as the tick. */
async function naiveScanTick(store: Store, queue: DeliveryQueue, now: number) {
  const report = emptyTickReport();
  const { due, read } = await scanForDue(store, now);
  await forEachConcurrent(due, DEFAULT_TICK_CONCURRENCY, (item) => handleDueItem({ store, queue }, item, now, report));
  return { ...report, itemsRead: read };
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

export interface TickBenchResult {
  stored: number;
  due: number;
  planned: number;
  readsPerDelivery: number;
  scanReadsPerDelivery: number;
  findIndexMs: number;
  findScanMs: number;
  /** Finding what is due: filtered Scan time / due-index time. */
  speedupVsFilteredScan: number;
  tickMs: number;
  scanTickMs: number;
  /** The whole planner, writes included (the writes are the same 2 per delivery in both). */
  wholeSpeedupVsScan: number;
}

/** 100,000 stored schedules in 20 zones, 2,000 due in one minute: the tick against a filtered-Scan planner on a copy of the same data. */
export async function benchTick(stored = 100_000, due = 2_000): Promise<TickBenchResult> {
  const embedded = await startDynaliteProcess();
  try {
    const now = Date.parse('2026-11-26T13:00:00Z');
    const indexed = await connectStore(embedded.endpoint, 'bench-indexed', 8);
    const scanned = await connectStore(embedded.endpoint, 'bench-scanned', 8);
    const states = benchSchedules(stored, due, now);
    await Promise.all([seedSchedules(indexed, states), seedSchedules(scanned, states)]);

    // Finding what is due (reads only): the index against the filtered scan, alternated, best of 3.
    const findIndex: number[] = [];
    const findScan: number[] = [];
    for (let round = 0; round < 3; round++) {
      const viaIndex = await timed(() => indexForDue(indexed, now));
      const viaScan = await timed(() => scanForDue(scanned, now));
      if (viaIndex.value.due.length !== viaScan.value.due.length)
        throw new Error('index and scan disagree on what is due');
      findIndex.push(viaIndex.ms);
      findScan.push(viaScan.ms);
    }
    // The whole planner (finding plus the claim and advance writes), once each.
    const tickRun = await timed(() => tick({ store: indexed, queue: countingQueue() }, now));
    const naiveRun = await timed(() => naiveScanTick(scanned, countingQueue(), now));
    if (naiveRun.value.planned !== tickRun.value.planned)
      throw new Error(`planners disagree: ${tickRun.value.planned} vs ${naiveRun.value.planned}`);
    const findIndexMs = Math.min(...findIndex);
    const findScanMs = Math.min(...findScan);
    return {
      stored,
      due,
      planned: tickRun.value.planned,
      readsPerDelivery: tickRun.value.itemsRead / tickRun.value.planned,
      scanReadsPerDelivery: naiveRun.value.itemsRead / naiveRun.value.planned,
      findIndexMs,
      findScanMs,
      speedupVsFilteredScan: findScanMs / findIndexMs,
      tickMs: tickRun.ms,
      scanTickMs: naiveRun.ms,
      wholeSpeedupVsScan: naiveRun.ms / tickRun.ms,
    };
  } finally {
    await embedded.close();
  }
}

import { BatchWriteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { performance } from 'node:perf_hooks';
import { OutboxChannel } from '../shared/channels/outbox-channel.ts';
import { InProcessQueue } from '../shared/delivery/queue.ts';
import { sendDelivery } from '../shared/delivery/send.ts';
import { tick } from '../shared/delivery/tick.ts';
import type { Store } from '../shared/store/store.ts';
import { silentLogger } from '../shared/util/logger.ts';
import { forEachConcurrent } from '../shared/util/concurrency.ts';
import { connectStore } from '../local/embedded-store.ts';
import { startDynaliteProcess } from './dynalite-process.ts';
import { benchSchedules, seedSchedules } from './seed.ts';

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function seedPartners(store: Store, pairs: number): Promise<void> {
  const items = Array.from({ length: pairs }, (_v, i) => ({
    PK: `PAIR#pair-${i}`,
    SK: 'PARTNER#p2',
    entity: 'Partner',
    pairId: `pair-${i}`,
    partnerId: 'p2',
    name: 'P2',
    phone: `+1555${String(1_000_000 + i).slice(-7)}`,
    timezone: 'UTC',
    channel: 'sms',
    consent: 'confirmed',
    consentLog: [],
    profileHash: 'x',
  }));
  for (let i = 0; i < items.length; i += 25) {
    await store.doc.send(
      new BatchWriteCommand({
        RequestItems: { [store.tableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) },
      }),
    );
  }
}

export interface E2eFigures {
  deliveries: number;
  p50DelaySeconds: number;
  p99DelaySeconds: number;
  maxDelaySeconds: number;
  messagesPerSecond: number;
  baselineWritesPerSecond: number;
  ratioVsWriteLoop: number;
}

/**
 * 2,000 deliveries due in the same minute through tick, queue, send and the outbox. The clock
 * runs with the wall clock from the due instant, so each message's delay is due to hand-off.
 * The baseline writes the same final records (delivery, outbox entry, message log) with
 * plain puts: no conditions, no reads.
 */
export async function benchEndToEnd(count = 2_000): Promise<E2eFigures> {
  const embedded = await startDynaliteProcess();
  try {
    const store = await connectStore(embedded.endpoint, 'bench-e2e', 8);
    const due = Date.parse('2026-11-26T13:00:00Z');
    await seedSchedules(store, benchSchedules(count, count, due));
    await seedPartners(store, count);
    const started = performance.now();
    const now = () => due + (performance.now() - started);
    const delays: number[] = [];
    const outbox = new OutboxChannel(store);
    outbox.onMessage((message) => delays.push(now() - message.dueAt));
    const queue = new InProcessQueue(now);
    await tick({ store, queue }, now());
    const deps = { store, channels: { sms: outbox, email: outbox }, logger: silentLogger };
    let batch = queue.takeVisible(now());
    while (batch.length > 0) {
      await forEachConcurrent(batch, 32, async (item) => {
        await sendDelivery(deps, item.ref, now());
      });
      batch = queue.takeVisible(now());
    }
    const pipelineSeconds = (performance.now() - started) / 1000;

    const baseline = await connectStore(embedded.endpoint, 'bench-e2e-baseline', 8);
    const loopStarted = performance.now();
    const put = (Item: Record<string, unknown>) =>
      baseline.doc.send(new PutCommand({ TableName: baseline.tableName, Item }));
    const work = Array.from({ length: count }, (_v, i) => async () => {
      const body = { kind: 'affirmation', body: 'From P1: Proud of you for showing up.', to: '+15550000000' };
      await put({ PK: `PAIR#pair-${i}`, SK: `DLV#x#${i}`, status: 'sent', ...body });
      await put({ PK: 'OUTBOX', SK: `MSG#${i}`, ...body });
      await put({ PK: `PAIR#pair-${i}`, SK: `MSG#${i}`, ...body });
    });
    for (let i = 0; i < work.length; i += 16) await Promise.all(work.slice(i, i + 16).map((w) => w()));
    const loopSeconds = (performance.now() - loopStarted) / 1000;

    delays.sort((a, b) => a - b);
    return {
      deliveries: delays.length,
      p50DelaySeconds: percentile(delays, 50) / 1000,
      p99DelaySeconds: percentile(delays, 99) / 1000,
      maxDelaySeconds: delays.at(-1)! / 1000,
      messagesPerSecond: delays.length / pipelineSeconds,
      baselineWritesPerSecond: count / loopSeconds,
      ratioVsWriteLoop: delays.length / pipelineSeconds / (count / loopSeconds),
    };
  } finally {
    await embedded.close();
  }
}

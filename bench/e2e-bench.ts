import { BatchWriteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { performance } from 'node:perf_hooks';
import { OutboxChannel } from '../shared/channels/outbox-channel.ts';
import type { Store } from '../shared/store/store.ts';
import { silentLogger } from '../shared/util/logger.ts';
import { openEmbeddedStore } from '../local/embedded-store.ts';
import { LocalEngine } from '../local/engine.ts';
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
  /** From the due minute to the first provider hand-off. */
  firstHandoffSeconds: number;
  /** When the tick finished planning, from the due minute. */
  tickSeconds: number;
  p50DueToHandoffSeconds: number;
  p99DueToHandoffSeconds: number;
  maxDueToHandoffSeconds: number;
  messagesPerSecond: number;
  baselineWritesPerSecond: number;
  ratioVsWriteLoop: number;
}

/**
 * 2,000 deliveries due in the same minute through the local engine as `kept start` runs it
 * (tick, in-process queue, sender working while the tick plans, outbox) on the in-process
 * store. The clock runs with the wall clock from the due minute, so each message's figure is
 * due minute to provider hand-off. The baseline writes the same final records (delivery,
 * outbox entry, message log) with plain puts: no conditions, no reads.
 */
export async function benchEndToEnd(count = 2_000): Promise<E2eFigures> {
  const embedded = openEmbeddedStore();
  try {
    const store = await embedded.connect('bench-e2e', 8);
    const due = Date.parse('2026-11-26T13:00:00Z');
    await seedSchedules(store, benchSchedules(count, count, due));
    await seedPartners(store, count);
    const started = performance.now();
    const now = () => due + (performance.now() - started);
    const delays: number[] = [];
    const outbox = new OutboxChannel(store);
    outbox.onMessage((message) => delays.push(now() - message.dueAt));
    const engine = new LocalEngine({
      store,
      channels: { sms: outbox, email: outbox },
      logger: silentLogger,
      now,
      sendDuringTick: true,
      sendConcurrency: 8,
    });
    let tickDoneAt = Number.NaN;
    const tickOnce = engine.tick.bind(engine);
    engine.tick = async () => {
      const report = await tickOnce();
      tickDoneAt = now();
      return report;
    };
    await engine.runOnce();
    const pipelineSeconds = (performance.now() - started) / 1000;
    const firstHandoff = Math.min(...delays);

    const baseline = await embedded.connect('bench-e2e-baseline', 8);
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
      firstHandoffSeconds: firstHandoff / 1000,
      tickSeconds: (tickDoneAt - due) / 1000,
      p50DueToHandoffSeconds: percentile(delays, 50) / 1000,
      p99DueToHandoffSeconds: percentile(delays, 99) / 1000,
      maxDueToHandoffSeconds: delays.at(-1)! / 1000,
      messagesPerSecond: delays.length / pipelineSeconds,
      baselineWritesPerSecond: count / loopSeconds,
      ratioVsWriteLoop: delays.length / pipelineSeconds / (count / loopSeconds),
    };
  } finally {
    await embedded.close();
  }
}

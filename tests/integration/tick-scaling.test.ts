import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { BatchingQueue } from '../../shared/delivery/batching-queue.ts';
import type { DeliveryQueue } from '../../shared/delivery/queue.ts';
import { STOP_MARGIN_MS, tick } from '../../shared/delivery/tick.ts';
import type { DeliveryRef } from '../../shared/store/delivery-repository.ts';
import { dueIndexPk } from '../../shared/store/keys.ts';
import { benchSchedules, seedSchedules } from '../../bench/seed.ts';
import { useEmbeddedStore } from '../helpers/store.ts';

const embedded = useEmbeddedStore();
afterAll(() => embedded.stop());

const NOW = Date.parse('2026-11-27T13:00:00Z');

/** An SQS stand-in that records each SendMessageBatch-sized call. */
function recordingQueue(): DeliveryQueue & { calls: DeliveryRef[][] } {
  return {
    calls: [],
    async enqueue(refs) {
      this.calls.push(refs);
    },
  };
}

async function storeWithDue(due: number, shards = 4) {
  const store = await embedded.fresh(shards);
  await seedSchedules(store, benchSchedules(due + 50, due, NOW));
  return store;
}

describe('a tick that scales', () => {
  it('plans every due schedule across shards in parallel and queues them ten per SQS request', async () => {
    const store = await storeWithDue(230);
    const sqs = recordingQueue();
    const queue = new BatchingQueue(sqs);
    const report = await tick({ store, queue }, NOW);
    expect(report).toMatchObject({ planned: 230, expired: 0, unknown: 0, stoppedEarly: false });
    const refs = sqs.calls.flat();
    expect(new Set(refs.map((r) => r.deliveryKey)).size).toBe(230);
    expect(refs).toHaveLength(230);
    for (const call of sqs.calls) expect(call.length).toBeLessThanOrEqual(10);
    // Mostly full batches (one request per delivery before): partial ones only at the edges.
    expect(sqs.calls.length).toBeLessThanOrEqual(35);
    expect(queue.batches).toBe(sqs.calls.length);
  });

  it('stops with a margin before the deadline, leaves the rest due, and the next tick finishes without doubling', async () => {
    const store = await storeWithDue(400, 2);
    const sqs = recordingQueue();
    let pagesLeft = 2; // time for two pages, then the deadline is near
    const remainingMs = () => (pagesLeft-- > 0 ? 50_000 : STOP_MARGIN_MS - 1);
    const first = await tick({ store, queue: new BatchingQueue(sqs), remainingMs }, NOW);
    expect(first.stoppedEarly).toBe(true);
    expect(first.planned).toBeGreaterThan(0);
    expect(first.planned).toBeLessThan(400);
    const second = await tick({ store, queue: new BatchingQueue(sqs), remainingMs: () => 50_000 }, NOW + 60_000);
    expect(second.stoppedEarly).toBe(false);
    expect(first.planned + second.planned).toBe(400);
    const keys = sqs.calls.flat().map((r) => r.deliveryKey);
    expect(new Set(keys).size).toBe(400);
    // Planned once each. No sender ran here, so the next minute's tick also re-queues what the
    // first one planned (a delivery not finished within a minute comes back: FIRST_LEASE_MS).
    expect(second.requeued).toBe(first.planned);
    expect(keys).toHaveLength(400 + first.planned);
  });

  it("a queue failure fails the tick: the next minute's tick queues what it had claimed", async () => {
    const store = await storeWithDue(12, 1);
    const broken: DeliveryQueue = {
      async enqueue() {
        throw new Error('SQS unavailable');
      },
    };
    await expect(tick({ store, queue: new BatchingQueue(broken) }, NOW)).rejects.toThrow('SQS unavailable');
    const sqs = recordingQueue();
    const retry = await tick({ store, queue: new BatchingQueue(sqs) }, NOW + 60_000);
    expect(new Set(sqs.calls.flat().map((r) => r.deliveryKey)).size).toBe(12);
    expect(retry.planned).toBe(0); // claimed by the failed tick; queued now, counted once
  });

  it('an unknown entity in the due index is counted and left alone', async () => {
    const store = await storeWithDue(3, 1);
    await store.doc.send(
      new PutCommand({
        TableName: store.tableName,
        Item: { PK: 'X#1', SK: 'X#1', entity: 'Mystery', GSI1PK: dueIndexPk(0), GSI1SK: '2026-01-01T00:00:00.000Z#x' },
      }),
    );
    const report = await tick({ store, queue: new BatchingQueue(recordingQueue()) }, NOW);
    expect(report).toMatchObject({ planned: 3, unknown: 1 });
  });

  it('a malformed schedule in the due index is counted and left alone; the rest is planned', async () => {
    const store = await storeWithDue(3, 1);
    await store.doc.send(
      new PutCommand({
        TableName: store.tableName,
        Item: {
          PK: 'PAIR#broken',
          SK: 'SCHED#s1',
          entity: 'Schedule',
          kind: 'no-such-kind',
          GSI1PK: dueIndexPk(0),
          GSI1SK: '2026-01-01T00:00:00.000Z#broken#SCHED#s1',
        },
      }),
    );
    const report = await tick({ store, queue: new BatchingQueue(recordingQueue()) }, NOW);
    expect(report).toMatchObject({ planned: 3, unknown: 1 });
  });
});

import { performance } from 'node:perf_hooks';
import { connectStore } from '../local/embedded-store.ts';
import { BatchingQueue } from '../shared/delivery/batching-queue.ts';
import type { DeliveryQueue } from '../shared/delivery/queue.ts';
import { tick } from '../shared/delivery/tick.ts';
import { startDynaliteProcess } from './dynalite-process.ts';
import { benchSchedules, seedSchedules } from './seed.ts';

/** Lambda gives one full vCPU at 1,769 MB and CPU in proportion below that. */
const FULL_VCPU_MB = 1_769;
/** Round trips as the projection assumes them: DynamoDB ~5 ms, an SQS batch ~10 ms, in the same region. */
const DYNAMO_MS = 5;
const SQS_BATCH_MS = 10;
/** Requests in flight in the tick: 8 shards x 16 planners. */
const IN_FLIGHT = 8 * 16;
export const PROJECTED_MEMORY_MB = [256, 512, 1024, FULL_VCPU_MB] as const;

export interface Tick20kResult {
  due: number;
  planned: number;
  seconds: number;
  cpuMsPerItem: number;
  storeRequestsPerItem: number;
  sqsRequestsPerItem: number;
  /** One SQS request per delivery, as the tick queued before batching: requests / batched requests. */
  sqsRequestRatioVsUnbatched: number;
  /** Projected Lambda seconds for 20,000 due, by memory size (CPU share plus round trips in flight). */
  lambdaSecondsByMemory: Record<number, number>;
}

/**
 * 20,000 schedules due in the same minute, one tick, the store in its own process (so this
 * process's CPU is the tick's own: planning, the SDK, serialisation: what a Lambda pays for).
 */
export async function benchTick20k(due = 20_000): Promise<Tick20kResult> {
  const dynalite = await startDynaliteProcess();
  try {
    const now = Date.parse('2026-11-26T13:00:00Z');
    const store = await connectStore(dynalite.endpoint, 'bench-tick20k', 8);
    await seedSchedules(store, benchSchedules(due, due, now));
    let sqsRequests = 0;
    const sqs: DeliveryQueue = {
      async enqueue(refs) {
        sqsRequests += Math.ceil(refs.length / 10);
      },
    };
    const queue = new BatchingQueue(sqs);
    const mark = store.requests.mark();
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const report = await tick({ store, queue }, now);
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const storeRequests = store.requests.since(mark).total;
    if (report.planned !== due) throw new Error(`planned ${report.planned} of ${due}`);
    const cpuMsPerItem = (cpu.user + cpu.system) / 1000 / due;
    const roundTripSeconds = (storeRequests * DYNAMO_MS + sqsRequests * SQS_BATCH_MS) / IN_FLIGHT / 1000;
    const lambdaSecondsByMemory = Object.fromEntries(
      PROJECTED_MEMORY_MB.map((mb) => [
        mb,
        // Conservative: CPU and waiting added, as if they never overlapped.
        (cpuMsPerItem * due) / 1000 / Math.min(1, mb / FULL_VCPU_MB) + roundTripSeconds,
      ]),
    );
    return {
      due,
      planned: report.planned,
      seconds,
      cpuMsPerItem,
      storeRequestsPerItem: storeRequests / due,
      sqsRequestsPerItem: sqsRequests / due,
      sqsRequestRatioVsUnbatched: due / sqsRequests,
      lambdaSecondsByMemory,
    };
  } finally {
    await dynalite.close();
  }
}

import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { SQSClient } from '@aws-sdk/client-sqs';
import { connectStore } from '../local/embedded-store.ts';
import { BatchingQueue } from '../shared/delivery/batching-queue.ts';
import { SqsDeliveryQueue } from '../shared/delivery/sqs-queue.ts';
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
 * The SQS client the tick's Lambda uses (serialising, signing, checking each body's MD5 in the
 * answer), its requests answered in this process instead of over the network: the tick pays the
 * SDK's CPU per batch as on Lambda (and, conservatively, the MD5s of the answer too).
 */
function inProcessSqs() {
  let requests = 0;
  const client = new SQSClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    requestHandler: {
      async handle(request: { body?: string | Uint8Array }) {
        requests++;
        const body = request.body ?? '{}';
        const input = JSON.parse(typeof body === 'string' ? body : new TextDecoder().decode(body));
        const Successful = input.Entries.map((entry: { Id: string; MessageBody: string }) => ({
          Id: entry.Id,
          MessageId: `m-${requests}-${entry.Id}`,
          MD5OfMessageBody: createHash('md5').update(entry.MessageBody).digest('hex'),
        }));
        return {
          response: {
            statusCode: 200,
            headers: { 'content-type': 'application/x-amz-json-1.0' },
            body: Readable.from([Buffer.from(JSON.stringify({ Successful, Failed: [] }))]),
          },
        };
      },
    } as never,
  });
  return {
    client,
    get requests() {
      return requests;
    },
  };
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
    const sqs = inProcessSqs();
    const queue = new BatchingQueue(
      new SqsDeliveryQueue(sqs.client, 'https://sqs.us-east-1.amazonaws.com/000000000000/bench'),
    );
    const mark = store.requests.mark();
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const report = await tick({ store, queue }, now);
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const storeRequests = store.requests.since(mark).total;
    if (report.planned !== due) throw new Error(`planned ${report.planned} of ${due}`);
    const cpuMsPerItem = (cpu.user + cpu.system) / 1000 / due;
    const sqsRequests = sqs.requests;
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

import type { DeliveryRef } from '../store/delivery-repository.ts';
import type { DeliveryQueue } from './queue.ts';

interface Waiting {
  refs: DeliveryRef[];
  done: () => void;
  failed: (error: unknown) => void;
}

/**
 * Gathers the tick's one-delivery enqueues into batches (SQS takes 10 per SendMessageBatch):
 * each caller still waits until its own delivery is queued, so a queue that fails fails the
 * tick, and the next minute's tick re-queues what was claimed (FIRST_LEASE_MS). A batch goes when it is full or after
 * `lingerMs`, whichever comes first.
 */
export class BatchingQueue implements DeliveryQueue {
  private waiting: Waiting[] = [];
  private size = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Batches handed to the inner queue (a deterministic count for tests and the bench). */
  batches = 0;

  constructor(
    private readonly inner: DeliveryQueue,
    private readonly batchSize = 10,
    private readonly lingerMs = 5,
  ) {}

  enqueue(refs: DeliveryRef[]): Promise<void> {
    return new Promise((done, failed) => {
      this.waiting.push({ refs, done, failed });
      this.size += refs.length;
      if (this.size >= this.batchSize) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.lingerMs);
    });
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.waiting;
    this.waiting = [];
    this.size = 0;
    if (batch.length === 0) return;
    this.batches++;
    this.inner.enqueue(batch.flatMap((w) => w.refs)).then(
      () => {
        for (const w of batch) w.done();
      },
      (error: unknown) => {
        for (const w of batch) w.failed(error);
      },
    );
  }
}

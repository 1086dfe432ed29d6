import type { Delivery, DeliveryRef } from '../store/delivery-repository.ts';
import { checkInSk } from '../store/keys.ts';

/** Kinds whose sender reads the check-ins they are about: check-ins open them, a kept notice checks the answer. */
const ABOUT_CHECK_INS: ReadonlySet<string> = new Set(['checkin', 'ritual-checkin', 'kept-notice']);

/**
 * The queue message for a delivery: its key, its recipient, and the check-ins it is about, so
 * that the sender reads them all in one request.
 */
export function queueRef(delivery: Delivery): DeliveryRef {
  const about = delivery.aboutAt ?? delivery.occurrenceAt;
  return {
    pairId: delivery.pairId,
    deliveryKey: delivery.deliveryKey,
    recipientId: delivery.recipientId,
    ...(ABOUT_CHECK_INS.has(delivery.kind) && delivery.refs.length > 0
      ? { checkInKeys: delivery.refs.map((ref) => checkInSk(about, ref)) }
      : {}),
  };
}

/** Where the tick hands planned deliveries to the sender (SQS in AWS, in-process locally). */
export interface DeliveryQueue {
  enqueue(refs: DeliveryRef[]): Promise<void>;
}

interface Queued {
  ref: DeliveryRef;
  visibleAt: number;
  attempts: number;
  seq: number;
}

/**
 * The local queue: in memory, ordered, with retry back-off. It is not durable; a delivery
 * lost with the process is re-queued by the tick when its lease runs out.
 */
export class InProcessQueue implements DeliveryQueue {
  private items: Queued[] = [];
  private seq = 0;
  private waiters: Array<() => void> = [];

  constructor(
    private readonly now: () => number,
    private readonly retryDelayMs = 10_000,
  ) {}

  async enqueue(refs: DeliveryRef[]): Promise<void> {
    const at = this.now();
    for (const ref of refs) this.items.push({ ref, visibleAt: at, attempts: 0, seq: this.seq++ });
    this.wake();
  }

  /** Resolves at the next enqueue (or `wake`): a sender waits here while the tick plans. */
  nextEnqueue(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Releases everyone waiting in `nextEnqueue`. */
  wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Takes every message visible at `at`, in order. */
  takeVisible(at: number): Queued[] {
    const visible = this.items
      .filter((item) => item.visibleAt <= at)
      .sort((a, b) => a.visibleAt - b.visibleAt || a.seq - b.seq);
    this.items = this.items.filter((item) => item.visibleAt > at);
    return visible;
  }

  /** Puts a message back after a failed attempt, visible again after a back-off. */
  retry(item: Queued, at: number): void {
    const attempts = item.attempts + 1;
    this.items.push({ ...item, attempts, visibleAt: at + this.retryDelayMs * Math.min(attempts, 3), seq: this.seq++ });
  }

  nextVisibleAt(): number | null {
    return this.items.length === 0 ? null : Math.min(...this.items.map((item) => item.visibleAt));
  }

  get size(): number {
    return this.items.length;
  }
}

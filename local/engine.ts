import type { ChannelSet } from '../shared/channels/channel.ts';
import { InProcessQueue } from '../shared/delivery/queue.ts';
import { sendDelivery, type SendOutcome } from '../shared/delivery/send.ts';
import { tick, type TickReport } from '../shared/delivery/tick.ts';
import type { DuePeek } from '../shared/store/due-index.ts';
import type { Store } from '../shared/store/store.ts';
import { forEachConcurrent } from '../shared/util/concurrency.ts';
import type { Logger } from '../shared/util/logger.ts';

export interface EngineDeps {
  store: Store;
  channels: ChannelSet;
  logger: Logger;
  /** The engine's clock: the real one in `kept start`, a virtual one in `kept simulate`. */
  now: () => number;
  /** 1 makes every run reproducible (simulate); more is faster. */
  tickConcurrency?: number;
  /**
   * Send while the tick is still planning, `sendConcurrency` at a time (`kept start`): the first
   * message goes out within milliseconds of its minute instead of after the whole tick. Off in
   * `kept simulate`, whose order must be reproducible: there the sender runs after the tick.
   */
  sendDuringTick?: boolean;
  sendConcurrency?: number;
  /** For one-click answer links in check-in emails. */
  links?: { secret: string; publicUrl: string };
}

/**
 * The local delivery loop: the tick, then the sender draining the in-process queue.
 * `kept start` runs it every minute on the real clock; `kept simulate` on a virtual one.
 */
export class LocalEngine {
  readonly queue: InProcessQueue;

  constructor(private readonly deps: EngineDeps) {
    this.queue = new InProcessQueue(deps.now);
  }

  /** One tick; a failure is logged and the next tick catches up. */
  async tick(peek?: DuePeek): Promise<TickReport | null> {
    try {
      return await tick(
        { store: this.deps.store, queue: this.queue, concurrency: this.deps.tickConcurrency, peek },
        this.deps.now(),
      );
    } catch (error) {
      this.deps.logger.error('tick failed; the next tick will catch up', { error });
      return null;
    }
  }

  /** Sends everything visible in the queue now; failures go back with a back-off. */
  async drain(): Promise<SendOutcome[]> {
    const outcomes: SendOutcome[] = [];
    const now = this.deps.now();
    await forEachConcurrent(this.queue.takeVisible(now), this.deps.sendConcurrency ?? 1, async (item) => {
      try {
        outcomes.push(await sendDelivery(this.deps, item.ref, now));
      } catch (error) {
        this.deps.logger.warn('send failed; will retry', { delivery: item.ref.deliveryKey, error });
        this.queue.retry(item, now);
      }
    });
    return outcomes;
  }

  async runOnce(peek?: DuePeek): Promise<void> {
    if (!this.deps.sendDuringTick) {
      await this.tick(peek);
      await this.drain();
      return;
    }
    let planning = true;
    const planned = this.tick(peek).finally(() => {
      planning = false;
      this.queue.wake();
    });
    // The sender takes what the tick has queued so far, and waits for more while it plans.
    for (;;) {
      const next = planning ? this.queue.nextEnqueue() : null;
      const sent = await this.drain();
      if (!next) break;
      if (sent.length === 0) await next;
    }
    await planned;
    await this.drain();
  }
}

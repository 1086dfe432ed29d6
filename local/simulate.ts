import { OutboxChannel } from '../shared/channels/outbox-channel.ts';
import type { Plan } from '../shared/model/plan.ts';
import type { OutboundMessage } from '../shared/model/message.ts';
import { applyPlan } from '../shared/plan/apply-plan.ts';
import { listWholeOutbox } from '../shared/store/message-repository.ts';
import { nextDueAt } from '../shared/store/schedule-repository.ts';
import { silentLogger, type Logger } from '../shared/util/logger.ts';
import { MINUTE_MS } from '../shared/util/time.ts';
import { connectStore, startEmbeddedStore } from './embedded-store.ts';
import { LocalEngine } from './engine.ts';
import { faultyChannel, faultyStore, seededRandom } from './faults.ts';

export interface SimulationOptions {
  from: number;
  until: number;
  faults?: { rate: number; seed: number };
  logger?: Logger;
}

/** One line of `kept simulate` output. */
export interface SimulatedMessage {
  at: string;
  channel: 'sms' | 'email';
  to: string;
  kind: string;
  body: string;
  subject?: string;
}

function toLine(message: OutboundMessage, at: number): SimulatedMessage {
  return {
    at: new Date(at).toISOString(),
    channel: message.channel,
    to: message.to,
    kind: message.kind,
    body: message.body,
    ...(message.subject !== undefined ? { subject: message.subject } : {}),
  };
}

const compareLines = (a: SimulatedMessage, b: SimulatedMessage) =>
  a.at.localeCompare(b.at) || a.to.localeCompare(b.to) || a.kind.localeCompare(b.kind) || a.body.localeCompare(b.body);

/**
 * Runs the real tick and send code on a virtual clock against a fresh in-memory store.
 * The clock jumps straight to the next thing due (a schedule, a retry), so a year of a
 * couple's schedule takes seconds. Same inputs and seed, same output.
 */
export async function simulate(plan: Plan, options: SimulationOptions): Promise<SimulatedMessage[]> {
  const embedded = await startEmbeddedStore();
  try {
    // One shard: a single couple needs no write spreading, and the clock jumps read less.
    const store = await connectStore(embedded.endpoint, 'kept', 1);
    let now = options.from;
    await applyPlan(store, plan, now);

    const random = options.faults ? seededRandom(options.faults.seed) : null;
    const engineStore = random ? faultyStore(store, options.faults!.rate, random) : store;
    const outbox = new OutboxChannel(engineStore);
    const channel = random ? faultyChannel(outbox, options.faults!.rate, random) : outbox;
    const engine = new LocalEngine({
      store: engineStore,
      channels: { sms: channel, email: channel },
      logger: options.logger ?? silentLogger,
      now: () => now,
      tickConcurrency: 1,
    });

    for (;;) {
      await engine.runOnce();
      const due = await nextDueAt(store);
      // Something still due now means the tick failed part-way: the next minute's tick retries.
      const nextTick = due === null ? null : due <= now ? Math.floor(now / MINUTE_MS) * MINUTE_MS + MINUTE_MS : due;
      const candidates = [nextTick, engine.queue.nextVisibleAt()].filter((t): t is number => t !== null);
      if (candidates.length === 0) break;
      const next = Math.min(...candidates);
      if (next >= options.until) break;
      now = Math.max(next, now + 1);
    }
    // The outbox in the store is the ground truth: a message whose sender crashed right after
    // handing it over was still delivered, exactly once.
    const delivered = await listWholeOutbox(store);
    return delivered.map((message) => toLine(message, Date.parse(message.sentAt))).sort(compareLines);
  } finally {
    await embedded.close();
  }
}

import * as z from 'zod';
import { OutboxChannel } from '../shared/channels/outbox-channel.ts';
import type { Plan } from '../shared/model/plan.ts';
import type { OutboundMessage } from '../shared/model/message.ts';
import { formatPath } from '../shared/model/validate-plan.ts';
import { applyPlan } from '../shared/plan/apply-plan.ts';
import { handleInboundSms } from '../shared/replies/handle-reply.ts';
import { listWholeOutbox } from '../shared/store/message-repository.ts';
import { type DuePeek, peekDue } from '../shared/store/due-index.ts';
import type { Store } from '../shared/store/store.ts';
import { silentLogger, type Logger } from '../shared/util/logger.ts';
import { MINUTE_MS } from '../shared/util/time.ts';
import { connectStore, openEmbeddedStore, startDynaliteServer } from './embedded-store.ts';
import { LocalEngine } from './engine.ts';
import { faultyChannel, faultyStore, seededRandom, type StoreFaultKind, transactionConflicts } from './faults.ts';

/** One inbound text in a `--replies` file. */
export const SimulatedReplySchema = z.strictObject({
  at: z.iso.datetime({ offset: true, error: 'at must be an ISO-8601 date-time like 2026-11-24T01:05:00Z' }),
  from: z.string().min(1).max(40),
  body: z.string().max(2000),
});
export const SimulatedRepliesSchema = z.array(SimulatedReplySchema).max(100_000);
export type SimulatedReply = z.output<typeof SimulatedReplySchema>;

/** Validates a replies file; problems are named by path (`[3].at: ...`). */
export function parseReplies(
  data: unknown,
): { ok: true; replies: SimulatedReply[] } | { ok: false; problems: string[] } {
  const parsed = SimulatedRepliesSchema.safeParse(data);
  if (parsed.success) return { ok: true, replies: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((issue) => `${formatPath(issue.path) || '(file)'}: ${issue.message}`),
  };
}

export interface SimulationOptions {
  from: number;
  until: number;
  replies?: SimulatedReply[];
  faults?: { rate: number; seed: number; kind?: StoreFaultKind };
  logger?: Logger;
  supportContact?: string;
  /** `http` runs the store behind dynalite's HTTP server, the path before it moved in-process (benches compare them). */
  storeTransport?: 'in-process' | 'http';
  /** Receives the store once it is open (simulate --stats counts its requests). */
  onStore?: (store: Store) => void;
  /** Reads the store once the run is over, before it closes (tests check every item written). */
  beforeClose?: (store: Store) => Promise<void>;
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

const REPLY_RETRY_MS = 10_000;

/**
 * Runs the real tick, send and reply code on a virtual clock against a fresh in-memory store.
 * The clock jumps straight to the next thing due (a schedule, a retry, an inbound text), so
 * a year of a couple's schedule takes seconds. Same inputs and seed, same output.
 */
export async function simulate(plan: Plan, options: SimulationOptions): Promise<SimulatedMessage[]> {
  const embedded = options.storeTransport === 'http' ? await startDynaliteServer() : openEmbeddedStore();
  try {
    // One shard: a single couple needs no write spreading, and the clock jumps read less.
    const store =
      'connect' in embedded ? await embedded.connect('kept', 1) : await connectStore(embedded.endpoint, 'kept', 1);
    options.onStore?.(store);
    let now = options.from;
    await applyPlan(store, plan, now, { welcome: true, planConsent: 'honour' });

    const faults = options.faults && { ...options.faults, random: seededRandom(options.faults.seed) };
    let engineStore = store;
    if (faults?.kind === 'conflict') {
      if (!('connect' in embedded)) throw new Error('conflict faults need the in-process store (it has transactions)');
      embedded.injectConflicts(transactionConflicts(faults.rate, faults.random));
    } else if (faults) engineStore = faultyStore(store, faults.rate, faults.random, faults.kind);
    const outbox = new OutboxChannel(engineStore);
    const channel = faults ? faultyChannel(outbox, faults.rate, faults.random) : outbox;
    const logger = options.logger ?? silentLogger;
    const engine = new LocalEngine({
      store: engineStore,
      channels: { sms: channel, email: channel },
      logger,
      now: () => now,
      tickConcurrency: 1,
    });
    const inbound = (options.replies ?? [])
      .map((reply, index) => ({ ...reply, index, dueAt: Date.parse(reply.at) }))
      .filter((reply) => reply.dueAt >= options.from && reply.dueAt < options.until)
      .sort((a, b) => a.dueAt - b.dueAt || a.index - b.index);

    let peek: DuePeek | undefined;
    for (;;) {
      // Texts arriving now go through the same handler as the webhook; a failure is retried like a provider would.
      while (inbound.length > 0 && inbound[0]!.dueAt <= now) {
        const reply = inbound[0]!;
        try {
          await handleInboundSms(
            {
              store: engineStore,
              queue: engine.queue,
              logger,
              supportContact: options.supportContact ?? 'support@kept.example',
            },
            { from: reply.from, body: reply.body, messageId: `sim-${reply.index}`, receivedAt: Date.parse(reply.at) },
          );
          inbound.shift();
        } catch (error) {
          logger.warn('reply handling failed; retrying', { error });
          reply.dueAt = now + REPLY_RETRY_MS;
          inbound.sort((a, b) => a.dueAt - b.dueAt || a.index - b.index);
          break;
        }
      }
      await engine.runOnce(peek);
      // Read once: when the next thing is due, and what the tick then reads if nothing changes meanwhile.
      peek = await peekDue(store);
      const due = peek.at;
      // Something still due now means the tick failed part-way: the next minute's tick retries.
      const nextTick = due === null ? null : due <= now ? Math.floor(now / MINUTE_MS) * MINUTE_MS + MINUTE_MS : due;
      const candidates = [nextTick, engine.queue.nextVisibleAt(), inbound[0]?.dueAt ?? null].filter(
        (t): t is number => t !== null,
      );
      if (candidates.length === 0) break;
      const next = Math.min(...candidates);
      if (next >= options.until) break;
      now = Math.max(next, now + 1);
    }
    // The outbox in the store is the ground truth: a message whose sender crashed right after
    // handing it over was still delivered, exactly once.
    const delivered = await listWholeOutbox(store);
    await options.beforeClose?.(store);
    return delivered.map((message) => toLine(message, Date.parse(message.sentAt))).sort(compareLines);
  } finally {
    await embedded.close();
  }
}

import { isStale, STALE_REASON } from '../model/message.ts';
import type { ScheduleState } from '../model/schedule.ts';
import { type Firing, nextFiring } from '../schedule/next-fire.ts';
import {
  claimDelivery,
  deliveryClaimPut,
  deliveryKeyFor,
  hasLiveClaim,
  renewLease,
  type Delivery,
  type DeliveryRef,
} from '../store/delivery-repository.ts';
import { type DueEntry, type DuePeek, dueEntryFromItem, duePages } from '../store/due-index.ts';
import { advanceSchedule, advanceScheduleUpdate } from '../store/schedule-repository.ts';
import { WritesCancelledError, writeTogether } from '../store/write-together.ts';
import type { Store } from '../store/store.ts';
import { forEachConcurrent } from '../util/concurrency.ts';
import { type DeliveryQueue, queueRef } from './queue.ts';
import { renderOccurrence } from './render-delivery.ts';

export interface TickDeps {
  store: Store;
  queue: DeliveryQueue;
  /**
   * Due items planned at once in each shard; shards run in parallel. Keep 1 where a run must
   * be reproducible (`kept simulate`): then shards run one after another too.
   */
  concurrency?: number;
  /** Time left before the tick is cut off (in Lambda, `context.getRemainingTimeInMillis`). */
  remainingMs?: () => number;
  /** The due index as last read (`kept simulate`): used instead of reading it again while still current. */
  peek?: DuePeek;
}

/**
 * The tick stops taking new pages when less than this is left: what is in flight finishes,
 * the report is logged, and whatever is still due stays in the index for the next tick.
 */
export const STOP_MARGIN_MS = 10_000;

/** Real DynamoDB answers a write in milliseconds: 2,000 due deliveries need writes in parallel. */
export const DEFAULT_TICK_CONCURRENCY = 16;

export interface TickReport {
  planned: number;
  expired: number;
  requeued: number;
  itemsRead: number;
  /** Due-index items that are neither a schedule nor a delivery (left alone). */
  unknown: number;
  /** True when the tick stopped for its deadline and left due items to the next tick. */
  stoppedEarly: boolean;
}

/** Catch-up is bounded per schedule per tick; the next tick continues where this one stopped. */
const MAX_CATCH_UP_PER_SCHEDULE = 500;

/**
 * The minute tick: finds what is due at `now` in every shard of the due index (shards in
 * parallel), claims one delivery per schedule occurrence and advances the schedule (one
 * write where the store has transactions), then queues it. Each step is safe to repeat, so a
 * tick that dies part-way, or stops for its deadline, is simply continued by the next one (a
 * claimed delivery that was never queued comes back after its first lease, a minute).
 */
export async function tick(deps: TickDeps, now: number): Promise<TickReport> {
  const report = emptyTickReport();
  const readsBefore = deps.store.reads.items;
  const concurrency = deps.concurrency ?? DEFAULT_TICK_CONCURRENCY;
  const timeIsUp = () => deps.remainingMs !== undefined && deps.remainingMs() < STOP_MARGIN_MS;
  const shards = Array.from({ length: deps.store.shards }, (_, shard) => shard);
  await forEachConcurrent(shards, concurrency === 1 ? 1 : shards.length, async (shard) => {
    for await (const page of duePages(deps.store, shard, now, undefined, deps.peek)) {
      if (timeIsUp()) {
        report.stoppedEarly = true;
        return;
      }
      await forEachConcurrent(page, concurrency, (entry) => planEntry(deps, entry, now, report));
    }
  });
  report.itemsRead = deps.store.reads.items - readsBefore;
  return report;
}

export const emptyTickReport = (): TickReport => ({
  planned: 0,
  expired: 0,
  requeued: 0,
  itemsRead: 0,
  unknown: 0,
  stoppedEarly: false,
});

/** Plans a due schedule, or re-queues a stalled delivery. */
async function planEntry(deps: TickDeps, entry: DueEntry, now: number, report: TickReport): Promise<void> {
  if (entry.kind === 'schedule') await planSchedule(deps, entry.schedule, now, report);
  else if (entry.kind === 'delivery') await requeueStalled(deps, entry.delivery, now, report);
  else report.unknown++;
}

/** The same for a raw due-index item: the benchmark's naive planner finds items by a Scan. */
export function handleDueItem(
  deps: TickDeps,
  item: Record<string, unknown>,
  now: number,
  report: TickReport,
): Promise<void> {
  return planEntry(deps, dueEntryFromItem(item), now, report);
}

function deliveryFor(schedule: ScheduleState, now: number): Delivery {
  const occurrenceAt = schedule.occurrenceAt!;
  const fireAt = schedule.fireAt!;
  const stale = isStale(schedule.kind, fireAt, now);
  const text = renderOccurrence(schedule, occurrenceAt);
  return {
    pairId: schedule.pairId,
    deliveryKey: deliveryKeyFor(schedule.scheduleId, occurrenceAt),
    scheduleId: schedule.scheduleId,
    kind: schedule.kind,
    recipientId: schedule.recipientId,
    occurrenceAt,
    fireAt,
    status: stale ? 'expired' : 'planned',
    reason: stale ? STALE_REASON : undefined,
    body: text.body,
    subject: text.subject,
    refs: text.refs,
    titles: text.titles,
    aboutAt: occurrenceAt - schedule.offsetMinutes * 60_000,
    plannedAt: now,
    sent: {},
    claims: {},
    finishedAt: stale ? now : undefined,
    ...(schedule.kind === 'summary' && schedule.text.channel
      ? { onlyChannels: [schedule.text.channel as 'sms' | 'email'] }
      : {}),
  };
}

async function planSchedule(deps: TickDeps, initial: ScheduleState, now: number, report: TickReport): Promise<void> {
  let schedule = initial;
  for (let i = 0; i < MAX_CATCH_UP_PER_SCHEDULE; i++) {
    const next = schedule.members.length === 0 ? null : nextFiring(schedule, schedule.occurrenceAt!);
    const { created, delivery, advanced } = await claimAndAdvance(
      deps.store,
      deliveryFor(schedule, now),
      schedule,
      next,
    );
    if (delivery.status === 'planned' && !hasLiveClaim(delivery, now)) {
      // Also when the claim already existed: a crash may have come before it was queued.
      // Queueing twice is harmless; the sender finishes each delivery once. A delivery a
      // sender holds is left to it: it comes back through the due index if that sender dies.
      await deps.queue.enqueue([queueRef(delivery)]);
      if (created) report.planned++;
    } else if (created && delivery.status === 'expired') {
      report.expired++;
    }
    if (!advanced) return; // someone else moved it on
    if (!next || next.fireAt > now) return;
    schedule = { ...schedule, ...next };
  }
}

/**
 * Claims the occurrence and moves the schedule on, in one write where the store has
 * transactions. When either condition fails (another planner, a re-applied spec) or there are
 * no transactions, step by step: the claim first, so a crash in between leaves the schedule
 * due and the next tick finds the claim. Returns the stored delivery, whether this call
 * created it, and whether the schedule moved on.
 */
async function claimAndAdvance(
  store: Store,
  planned: Delivery,
  schedule: ScheduleState,
  next: Firing | null,
): Promise<{ created: boolean; delivery: Delivery; advanced: boolean }> {
  try {
    await writeTogether(store, [
      { Put: deliveryClaimPut(store, planned) },
      { Update: advanceScheduleUpdate(schedule, next) },
    ]);
    return { created: true, delivery: planned, advanced: true };
  } catch (error) {
    if (!(error instanceof WritesCancelledError)) throw error;
    const claimed = error.applied > 0 ? { created: true, delivery: planned } : await claimDelivery(store, planned);
    return { ...claimed, advanced: await advanceSchedule(store, schedule, next) };
  }
}

async function requeueStalled(deps: TickDeps, delivery: Delivery, now: number, report: TickReport): Promise<void> {
  // A delivery some sender holds (or that waits for a retry) is not stalled: left alone.
  if (hasLiveClaim(delivery, now)) return;
  const ref: DeliveryRef = { pairId: delivery.pairId, deliveryKey: delivery.deliveryKey };
  // Queued before the lease is renewed: a crash in between costs a second queue message (the
  // claims make that harmless), never a delivery waiting a whole lease.
  await deps.queue.enqueue([queueRef(delivery)]);
  if (await renewLease(deps.store, ref, now)) report.requeued++;
}

import { isStale, STALE_REASON } from '../model/message.ts';
import type { ScheduleState } from '../model/schedule.ts';
import { nextFiring } from '../schedule/next-fire.ts';
import {
  claimDelivery,
  deliveryFromItem,
  deliveryKeyFor,
  hasLiveClaim,
  isDeliveryItem,
  renewLease,
  type Delivery,
  type DeliveryRef,
} from '../store/delivery-repository.ts';
import { advanceSchedule, dueItems, isScheduleItem, scheduleFromItem } from '../store/schedule-repository.ts';
import type { Store } from '../store/store.ts';
import { forEachConcurrent } from '../util/concurrency.ts';
import type { DeliveryQueue } from './queue.ts';
import { renderOccurrence } from './render-delivery.ts';

export interface TickDeps {
  store: Store;
  queue: DeliveryQueue;
  /** Due items planned at once. Keep 1 where a run must be reproducible (`kept simulate`). */
  concurrency?: number;
}

/** Real DynamoDB answers a write in milliseconds: 2,000 due deliveries need writes in parallel. */
export const DEFAULT_TICK_CONCURRENCY = 16;

export interface TickReport {
  planned: number;
  expired: number;
  requeued: number;
  itemsRead: number;
}

/** Catch-up is bounded per schedule per tick; the next tick continues where this one stopped. */
const MAX_CATCH_UP_PER_SCHEDULE = 500;

/**
 * The minute tick: finds what is due at `now` in every shard of the due index, claims one
 * delivery per schedule occurrence (a conditional write), queues it, and advances the
 * schedule. Each step is safe to repeat, so a tick that dies part-way is simply run again.
 */
export async function tick(deps: TickDeps, now: number): Promise<TickReport> {
  const report = emptyTickReport();
  const readsBefore = deps.store.reads.items;
  const concurrency = deps.concurrency ?? DEFAULT_TICK_CONCURRENCY;
  for (let shard = 0; shard < deps.store.shards; shard++) {
    let page: Record<string, unknown>[] = [];
    for await (const item of dueItems(deps.store, shard, now)) {
      page.push(item);
      if (page.length >= 100) {
        await forEachConcurrent(page, concurrency, (due) => handleDueItem(deps, due, now, report));
        page = [];
      }
    }
    await forEachConcurrent(page, concurrency, (due) => handleDueItem(deps, due, now, report));
  }
  report.itemsRead = deps.store.reads.items - readsBefore;
  return report;
}

export const emptyTickReport = (): TickReport => ({ planned: 0, expired: 0, requeued: 0, itemsRead: 0 });

/** Plans a due schedule, or re-queues a stalled delivery. Exported for the benchmark's naive planner. */
export async function handleDueItem(
  deps: TickDeps,
  item: Record<string, unknown>,
  now: number,
  report: TickReport,
): Promise<void> {
  if (isScheduleItem(item)) await planSchedule(deps, scheduleFromItem(item), now, report);
  else if (isDeliveryItem(item)) await requeueStalled(deps, deliveryFromItem(item), now, report);
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
    const { created, delivery } = await claimDelivery(deps.store, deliveryFor(schedule, now));
    if (delivery.status === 'planned' && !hasLiveClaim(delivery, now)) {
      // Also when the claim already existed: a crash may have come before it was queued.
      // Queueing twice is harmless; the sender finishes each delivery once. A delivery a
      // sender holds is left to it: it comes back through the due index if that sender dies.
      await deps.queue.enqueue([{ pairId: delivery.pairId, deliveryKey: delivery.deliveryKey }]);
      if (created) report.planned++;
    } else if (created && delivery.status === 'expired') {
      report.expired++;
    }
    const next = schedule.members.length === 0 ? null : nextFiring(schedule, schedule.occurrenceAt!);
    if (!(await advanceSchedule(deps.store, schedule, next))) return; // someone else moved it on
    if (!next || next.fireAt > now) return;
    schedule = { ...schedule, ...next };
  }
}

async function requeueStalled(deps: TickDeps, delivery: Delivery, now: number, report: TickReport): Promise<void> {
  // A delivery some sender holds (or that waits for a retry) is not stalled: left alone.
  if (hasLiveClaim(delivery, now)) return;
  const ref: DeliveryRef = { pairId: delivery.pairId, deliveryKey: delivery.deliveryKey };
  // Queued before the lease is renewed: a crash in between costs a second queue message (the
  // claims make that harmless), never a delivery waiting a whole lease.
  await deps.queue.enqueue([ref]);
  if (await renewLease(deps.store, ref, now)) report.requeued++;
}

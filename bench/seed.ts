import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { ScheduleSpec, ScheduleState } from '../shared/model/schedule.ts';
import { scheduleToItem } from '../shared/store/schedule-repository.ts';
import type { Store } from '../shared/store/store.ts';
import { contentHash } from '../shared/util/hash.ts';

export const BENCH_ZONES = [
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'America/Sao_Paulo',
  'America/Mexico_City',
  'Europe/London',
  'Europe/Paris',
  'Europe/Berlin',
  'Europe/Madrid',
  'Africa/Lagos',
  'Africa/Johannesburg',
  'Asia/Kolkata',
  'Asia/Dubai',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Asia/Manila',
  'Australia/Sydney',
  'Pacific/Auckland',
  'UTC',
];

/**
 * Schedules as the tick sees them: daily affirmations for synthetic pairs across 20 zones.
 * `dueCount` of them fire exactly at `dueAt`; the others later in the week.
 */
export function benchSchedules(total: number, dueCount: number, dueAt: number): ScheduleState[] {
  const states: ScheduleState[] = [];
  for (let i = 0; i < total; i++) {
    const zone = BENCH_ZONES[i % BENCH_ZONES.length]!;
    const spec: ScheduleSpec = {
      scheduleId: `affirmation:a${i}`,
      kind: 'affirmation',
      recipientId: 'p2',
      members: [{ ref: `affirmation:a${i}`, title: 'Proud of you for showing up.', rule: 'FREQ=DAILY' }],
      at: '08:00',
      ruleZone: zone,
      offsetMinutes: 0,
      recipientZone: zone,
      text: { fromName: 'P1' },
      active: true,
    };
    // The due ones are due now; the rest are spread over the coming week, minute by minute.
    const fireAt = i < dueCount ? dueAt : dueAt + 60_000 * (1 + (i % (7 * 24 * 60)));
    states.push({ ...spec, pairId: `pair-${i}`, specHash: contentHash(spec), occurrenceAt: fireAt, fireAt });
  }
  return states;
}

/** Writes items 25 at a time, a few batches in flight. */
export async function seedSchedules(store: Store, states: ScheduleState[], concurrency = 16): Promise<void> {
  const items = states.map((state) => scheduleToItem(store, state));
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const batch = items.slice(next, next + 25);
      next += 25;
      let request: Record<string, unknown[]> | undefined = {
        [store.tableName]: batch.map((Item) => ({ PutRequest: { Item } })),
      };
      while (request && Object.keys(request).length > 0) {
        const result = await store.doc.send(new BatchWriteCommand({ RequestItems: request as never }));
        request = result.UnprocessedItems as Record<string, unknown[]> | undefined;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

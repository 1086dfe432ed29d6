import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ScheduleState } from '../model/schedule.ts';
import type { Firing } from '../schedule/next-fire.ts';
import { iso } from '../util/time.ts';
import { parseItem } from './entities/parse-item.ts';
import { scheduleDueSk, scheduleItem, scheduleItemSchema, scheduleKey } from './entities/schedule.ts';
import { DUE } from './entities/table-shape.ts';
import { ENTITY, pairPk, SK_PREFIX } from './keys.ts';
import { queryPairPrefix } from './query-all.ts';
import { updateIf, type Store } from './store.ts';

type Item = Record<string, unknown>;

export const scheduleToItem = (store: Store, state: ScheduleState): Item => scheduleItem(store.shards, state);

export const scheduleFromItem = (item: Item): ScheduleState => parseItem(ENTITY.schedule, scheduleItemSchema, item);

export async function putSchedule(store: Store, state: ScheduleState): Promise<void> {
  await store.doc.send(new PutCommand({ TableName: store.tableName, Item: scheduleToItem(store, state) }));
}

export async function deleteSchedule(store: Store, pairId: string, scheduleId: string): Promise<void> {
  await store.doc.send(new DeleteCommand({ TableName: store.tableName, Key: scheduleKey(pairId, scheduleId) }));
}

/** One schedule by id, or null. */
export async function getSchedule(store: Store, pairId: string, scheduleId: string): Promise<ScheduleState | null> {
  const result = await store.doc.send(
    new GetCommand({ TableName: store.tableName, Key: scheduleKey(pairId, scheduleId) }),
  );
  return result.Item ? scheduleFromItem(result.Item) : null;
}

export async function listSchedules(store: Store, pairId: string): Promise<ScheduleState[]> {
  return (await queryPairPrefix(store, pairPk(pairId), SK_PREFIX.schedule)).map(scheduleFromItem);
}

/**
 * Moves a schedule to its next firing, only if nobody else already did (the occurrence we
 * planned is still the stored one, and the spec was not re-applied meanwhile).
 * Returns false when the condition failed.
 */
export async function advanceSchedule(store: Store, state: ScheduleState, next: Firing | null): Promise<boolean> {
  return updateIf(store, advanceScheduleUpdate(state, next));
}

/** The conditional update advanceSchedule makes, for writing it together with the occurrence's claim. */
export function advanceScheduleUpdate(state: ScheduleState, next: Firing | null) {
  const values: Item = {
    ':current': state.occurrenceAt === null ? null : iso(state.occurrenceAt),
    ':hash': state.specHash,
    ':occurrence': next ? iso(next.occurrenceAt) : null,
    ':fire': next ? iso(next.fireAt) : null,
  };
  let update = 'SET occurrenceAt = :occurrence, fireAt = :fire';
  if (next && state.active) {
    update += `, ${DUE.sortKey} = :sk`;
    values[':sk'] = scheduleDueSk(state.pairId, state.scheduleId, next.fireAt);
  } else {
    update += ` REMOVE ${DUE.partitionKey}, ${DUE.sortKey}`;
  }
  return {
    Key: scheduleKey(state.pairId, state.scheduleId),
    UpdateExpression: update,
    ConditionExpression: 'occurrenceAt = :current AND specHash = :hash',
    ExpressionAttributeValues: values,
  };
}

export const isScheduleItem = (item: Item) => item.entity === ENTITY.schedule;

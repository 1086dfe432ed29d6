import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ScheduleState } from '../model/schedule.ts';
import type { Firing } from '../schedule/next-fire.ts';
import { iso } from '../util/time.ts';
import { ENTITY, dueIndexPk, dueIndexSk, pairPk, scheduleSk, SK_PREFIX, shardOf } from './keys.ts';
import { queryPairPrefix } from './query-all.ts';
import { updateIf, type Store } from './store.ts';

type Item = Record<string, unknown>;

const toMs = (value: unknown) => (typeof value === 'string' ? Date.parse(value) : null);

export function scheduleToItem(store: Store, state: ScheduleState): Item {
  const sk = scheduleSk(state.scheduleId);
  const indexed = state.active && state.fireAt !== null;
  return {
    PK: pairPk(state.pairId),
    SK: sk,
    entity: ENTITY.schedule,
    ...state,
    occurrenceAt: state.occurrenceAt === null ? null : iso(state.occurrenceAt),
    fireAt: state.fireAt === null ? null : iso(state.fireAt),
    ...(indexed
      ? {
          GSI1PK: dueIndexPk(shardOf(state.pairId, state.scheduleId, store.shards)),
          GSI1SK: dueIndexSk(state.fireAt!, state.pairId, sk),
        }
      : {}),
  };
}

export function scheduleFromItem(item: Item): ScheduleState {
  const { PK: _pk, SK: _sk, GSI1PK: _g1, GSI1SK: _g2, entity: _e, ...rest } = item;
  return { ...(rest as unknown as ScheduleState), occurrenceAt: toMs(item.occurrenceAt), fireAt: toMs(item.fireAt) };
}

export async function putSchedule(store: Store, state: ScheduleState): Promise<void> {
  await store.doc.send(new PutCommand({ TableName: store.tableName, Item: scheduleToItem(store, state) }));
}

export async function deleteSchedule(store: Store, pairId: string, scheduleId: string): Promise<void> {
  await store.doc.send(
    new DeleteCommand({ TableName: store.tableName, Key: { PK: pairPk(pairId), SK: scheduleSk(scheduleId) } }),
  );
}

/** One schedule by id, or null. */
export async function getSchedule(store: Store, pairId: string, scheduleId: string): Promise<ScheduleState | null> {
  const result = await store.doc.send(
    new GetCommand({ TableName: store.tableName, Key: { PK: pairPk(pairId), SK: scheduleSk(scheduleId) } }),
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
  const sk = scheduleSk(state.scheduleId);
  const values: Item = {
    ':current': state.occurrenceAt === null ? null : iso(state.occurrenceAt),
    ':hash': state.specHash,
    ':occurrence': next ? iso(next.occurrenceAt) : null,
    ':fire': next ? iso(next.fireAt) : null,
  };
  let update = 'SET occurrenceAt = :occurrence, fireAt = :fire';
  if (next && state.active) {
    update += ', GSI1SK = :sk';
    values[':sk'] = dueIndexSk(next.fireAt, state.pairId, sk);
  } else {
    update += ' REMOVE GSI1PK, GSI1SK';
  }
  return updateIf(store, {
    Key: { PK: pairPk(state.pairId), SK: sk },
    UpdateExpression: update,
    ConditionExpression: 'occurrenceAt = :current AND specHash = :hash',
    ExpressionAttributeValues: values,
  });
}

export const isScheduleItem = (item: Item) => item.entity === ENTITY.schedule;

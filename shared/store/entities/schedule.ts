import { z } from 'zod';
import { MESSAGE_KINDS } from '../../model/message.ts';
import type { ScheduleState } from '../../model/schedule.ts';
import { iso } from '../../util/time.ts';
import { dueIndexPk, dueIndexSk, ENTITY, pairPk, scheduleSk, shardOf } from '../keys.ts';
import { sameShape, type SameShape } from './same-shape.ts';
import { DUE } from './table-shape.ts';

const localWindow = z.object({ from: z.string(), to: z.string() });
/** Instants are stored as ISO strings (readable in the console, sortable); null once finished. */
const instantOrNull = z
  .string()
  .nullable()
  .transform((value) => (value === null ? null : Date.parse(value)));

/** A schedule item: its spec, where it stands, and (while active and not finished) its due-index keys. */
export const scheduleItemSchema = z
  .object({
    PK: z.string(),
    SK: z.string(),
    entity: z.literal(ENTITY.schedule),
    scheduleId: z.string(),
    kind: z.enum(MESSAGE_KINDS),
    recipientId: z.string(),
    members: z.array(
      z.object({
        ref: z.string(),
        title: z.string(),
        rule: z.string(),
        start: z.string().optional(),
        ask: z.literal('count').optional(),
      }),
    ),
    at: z.string(),
    ruleZone: z.string(),
    offsetMinutes: z.number(),
    recipientZone: z.string(),
    quietHours: localWindow.optional(),
    sharedWindow: localWindow.optional(),
    partnerZone: z.string().optional(),
    text: z.record(z.string(), z.string()),
    active: z.boolean(),
    pairId: z.string(),
    specHash: z.string(),
    occurrenceAt: instantOrNull,
    fireAt: instantOrNull,
  })
  .transform(({ PK: _p, SK: _s, entity: _e, ...schedule }) => schedule);

sameShape<SameShape<z.output<typeof scheduleItemSchema>, ScheduleState>>(true);

export const scheduleKey = (pairId: string, scheduleId: string) => ({ PK: pairPk(pairId), SK: scheduleSk(scheduleId) });

/** The due-index sort key of a schedule firing at `fireAt`. */
export const scheduleDueSk = (pairId: string, scheduleId: string, fireAt: number) =>
  dueIndexSk(fireAt, pairId, scheduleSk(scheduleId));

/** The item written for a schedule; indexed as due only while active and not finished. */
export const scheduleItem = (shards: number, state: ScheduleState) => ({
  ...scheduleKey(state.pairId, state.scheduleId),
  entity: ENTITY.schedule,
  ...state,
  occurrenceAt: state.occurrenceAt === null ? null : iso(state.occurrenceAt),
  fireAt: state.fireAt === null ? null : iso(state.fireAt),
  ...(state.active && state.fireAt !== null
    ? {
        [DUE.partitionKey]: dueIndexPk(shardOf(state.pairId, state.scheduleId, shards)),
        [DUE.sortKey]: scheduleDueSk(state.pairId, state.scheduleId, state.fireAt),
      }
    : {}),
});

import { z } from 'zod';
import type { CheckIn } from '../../model/checkin.ts';
import { iso } from '../../util/time.ts';
import { checkInSk, ENTITY, pairPk } from '../keys.ts';
import { nullAsAbsent } from './fields.ts';
import { sameShape, type SameShape } from './same-shape.ts';

const answer = z.enum(['kept', 'missed', 'skipped']);
const status = z.enum(['open', 'kept', 'missed', 'skipped', 'paused', 'expired']);
/** A check-in item: one occurrence of a promise, who was asked when, and the answers. */
export const checkInItemSchema = z
  .object({
    PK: z.string(),
    SK: z.string(),
    entity: z.literal(ENTITY.checkIn),
    pairId: z.string(),
    ref: z.string(),
    title: z.string(),
    ownerId: z.string(),
    occurrenceAt: z.string(),
    status,
    promptedAt: z.record(z.string(), z.string()),
    answers: z.record(z.string(), answer),
    answeredAt: z.string().optional(),
    answeredBy: z.string().optional(),
    note: nullAsAbsent(z.string()),
    keptNoticeAt: z.string().optional(),
    undoTo: nullAsAbsent(
      z.object({
        by: z.string(),
        answer: answer.nullable(),
        status,
        answeredAt: z.string().nullable(),
        answeredBy: z.string().nullable(),
        note: z.string().nullable(),
        count: z.number().nullable().optional(),
      }),
    ),
    thankedAt: z.string().optional(),
    strengthValue: z.number().optional(),
    count: z.number().optional(),
    ownedAt: z.string().optional(),
    ownNote: z.string().optional(),
    repairNoteAt: z.string().optional(),
  })
  .transform(({ PK: _p, SK, entity: _e, ...checkIn }) => ({ ...checkIn, checkInKey: SK }));

sameShape<SameShape<z.output<typeof checkInItemSchema>, CheckIn>>(true);

/** A check-in's key from the pair and its sort key (which the domain object carries as `checkInKey`). */
export const checkInItemKey = (checkIn: Pick<CheckIn, 'pairId' | 'checkInKey'>) => ({
  PK: pairPk(checkIn.pairId),
  SK: checkIn.checkInKey,
});

/** The key of the check-in of one occurrence of a promise. */
export const checkInOccurrenceKey = (pairId: string, occurrenceAt: number, ref: string) => ({
  PK: pairPk(pairId),
  SK: checkInSk(occurrenceAt, ref),
});

/** What a check-in is made from: one occurrence of one promise. */
export interface CheckInOccurrence {
  pairId: string;
  ref: string;
  title: string;
  ownerId: string;
  occurrenceAt: number;
}

/** The fields of a new check-in (its key aside): not answered yet, prompted as given. */
export const newCheckInFields = (
  input: CheckInOccurrence,
  status: CheckIn['status'],
  promptedAt: Record<string, string>,
) => ({
  entity: ENTITY.checkIn,
  pairId: input.pairId,
  ref: input.ref,
  title: input.title,
  ownerId: input.ownerId,
  occurrenceAt: iso(input.occurrenceAt),
  status,
  answers: {},
  promptedAt,
});

import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CheckIn, CheckInStatus } from '../model/checkin.ts';
import type { Answer } from '../replies/parse-reply.ts';
import { iso } from '../util/time.ts';
import {
  type CheckInOccurrence,
  checkInItemKey,
  checkInItemSchema,
  checkInOccurrenceKey,
  newCheckInFields,
} from './entities/checkin.ts';
import { parseItem } from './entities/parse-item.ts';
import { checkInRange, ENTITY, pairPk } from './keys.ts';
import { queryAll } from './query-all.ts';
import { isConditionFailure, updateIf, type Store } from './store.ts';
import { KEY_CONDITION } from './entities/table-shape.ts';

type Item = Record<string, unknown>;

export const checkInFromItem = (item: Item): CheckIn => parseItem(ENTITY.checkIn, checkInItemSchema, item);

/**
 * Records that a partner was asked about an occurrence. Creates the check-in if it is new
 * (with the given status), then stamps this partner's prompt time. Safe to repeat.
 */
export async function recordPrompt(
  store: Store,
  input: { pairId: string; ref: string; title: string; ownerId: string; occurrenceAt: number; status: CheckInStatus },
  partnerId: string,
  at: number,
): Promise<void> {
  const key = checkInOccurrenceKey(input.pairId, input.occurrenceAt, input.ref);
  const open = input.status === 'open';
  // One write for the usual case: each field set only if the check-in is new, this partner's
  // prompt time with it. An existing check-in (the other partner of a shared ritual was asked
  // first) gets this partner's stamp in a second write.
  const fields: Record<string, unknown> = newCheckInFields(input, input.status, open ? { [partnerId]: iso(at) } : {});
  const names = Object.keys(fields);
  const result = await store.doc.send(
    new UpdateCommand({
      TableName: store.tableName,
      Key: key,
      UpdateExpression: `SET ${names.map((_n, i) => `#f${i} = if_not_exists(#f${i}, :f${i})`).join(', ')}`,
      ExpressionAttributeNames: Object.fromEntries(names.map((name, i) => [`#f${i}`, name])),
      ExpressionAttributeValues: Object.fromEntries(names.map((name, i) => [`:f${i}`, fields[name]])),
      ReturnValues: 'ALL_NEW',
    }),
  );
  if (!open || checkInFromItem(result.Attributes ?? {}).promptedAt[partnerId] !== undefined) return;
  await store.doc.send(
    new UpdateCommand({
      TableName: store.tableName,
      Key: key,
      UpdateExpression: 'SET promptedAt.#p = if_not_exists(promptedAt.#p, :at)',
      ExpressionAttributeNames: { '#p': partnerId },
      ExpressionAttributeValues: { ':at': iso(at) },
    }),
  );
}

/**
 * recordPrompt's writes as one conditional update, for a sender that has just read the check-in
 * (`existing`: null when there is none): creating it with this partner's prompt time, only if it
 * is still absent, or stamping this partner's prompt on it. Null: nothing to write (stamped already).
 */
export function promptUpdate(input: CheckInOccurrence, existing: CheckIn | null, partnerId: string, at: number) {
  const Key = checkInOccurrenceKey(input.pairId, input.occurrenceAt, input.ref);
  if (existing) {
    if (existing.promptedAt[partnerId] !== undefined) return null;
    return {
      Key,
      UpdateExpression: 'SET promptedAt.#p = if_not_exists(promptedAt.#p, :at)',
      ConditionExpression: KEY_CONDITION.exists,
      ExpressionAttributeNames: { '#p': partnerId },
      ExpressionAttributeValues: { ':at': iso(at) },
    };
  }
  const fields: Record<string, unknown> = newCheckInFields(input, 'open', { [partnerId]: iso(at) });
  const names = Object.keys(fields);
  return {
    Key,
    UpdateExpression: `SET ${names.map((_n, i) => `#f${i} = :f${i}`).join(', ')}`,
    ConditionExpression: KEY_CONDITION.absent,
    ExpressionAttributeNames: Object.fromEntries(names.map((name, i) => [`#f${i}`, name])),
    ExpressionAttributeValues: Object.fromEntries(names.map((name, i) => [`:f${i}`, fields[name]])),
  };
}

/** A pair's check-ins whose occurrence lies in [from, until]. */
export async function listCheckIns(store: Store, pairId: string, from: number, until: number): Promise<CheckIn[]> {
  const items = await queryAll(store, {
    KeyConditionExpression: KEY_CONDITION.between,
    ExpressionAttributeValues: {
      ':pk': pairPk(pairId),
      ':from': checkInRange(from, until).from,
      ':until': checkInRange(from, until).until,
    },
    ConsistentRead: true,
  });
  return items.map(checkInFromItem);
}

export class CheckInClosedError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CheckInClosedError';
  }
}

/**
 * Logs a partner's answer. The latest answer stands, within 24 hours of that partner's
 * prompt (checked in the write itself, so an answer racing the expiry is either in or out,
 * never half). A shared ritual already logged as kept stays kept.
 * Throws CheckInClosedError when the prompt has closed or the ritual was already kept.
 */
export async function recordAnswer(store: Store, ...args: Parameters<typeof answerUpdate>): Promise<void> {
  const [checkIn, partnerId, answer, at] = args;
  try {
    await store.doc.send(new UpdateCommand({ TableName: store.tableName, ...answerUpdate(...args) }));
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    // A retried request whose first attempt took effect also lands here: that is success.
    const stored = await getCheckIn(store, checkIn.pairId, checkIn.checkInKey);
    if (stored?.answers[partnerId] === answer && stored.answeredAt === iso(at) && stored.answeredBy === partnerId)
      return;
    throw new CheckInClosedError(`check-in ${checkIn.checkInKey} is closed`, { cause: error });
  }
}

/**
 * The conditional update recordAnswer makes. `markKeptNotice` also stamps `keptNoticeAt` (once)
 * in the same write: the kept notice is planned before it, and a marked check-in gets no second one.
 */
export function answerUpdate(
  checkIn: CheckIn,
  partnerId: string,
  answer: Answer,
  at: number,
  note: string | undefined,
  openMs: number,
  count?: number,
  options: { markKeptNotice?: boolean } = {},
) {
  const shared = checkIn.ownerId === 'both';
  const cutoff = iso(at - openMs);
  const names: Record<string, string> = {
    '#p': partnerId,
    '#status': 'status',
    ...(count !== undefined ? { '#count': 'count' } : {}),
  };
  const values: Item = {
    ':answer': answer,
    ':at': iso(at),
    ':by': partnerId,
    ':note': note ?? null,
    ':cutoff': cutoff,
    ...(count !== undefined ? { ':count': count } : {}),
  };
  // For a shared ritual, once either partner said Y it is done: a later N changes nothing.
  // The same answer again from the same partner (a retried message) is accepted as is.
  // What an undo of this answer goes back to; a repeat of the same answer keeps the earlier one.
  const repeat = checkIn.answers[partnerId] === answer && checkIn.answeredBy === partnerId;
  values[':undo'] = repeat
    ? (checkIn.undoTo ?? null)
    : {
        by: partnerId,
        answer: checkIn.answers[partnerId] ?? null,
        status: checkIn.status,
        answeredAt: checkIn.answeredAt ?? null,
        answeredBy: checkIn.answeredBy ?? null,
        note: checkIn.note ?? null,
        count: checkIn.count ?? null,
      };
  let condition = 'promptedAt.#p >= :cutoff';
  if (shared) {
    condition += ' AND (#status <> :kept OR answers.#p = :answer)';
    values[':kept'] = 'kept';
  }
  return {
    Key: checkInItemKey(checkIn),
    UpdateExpression:
      'SET answers.#p = :answer, #status = :answer, answeredAt = :at, answeredBy = :by, note = :note, undoTo = :undo' +
      (count !== undefined ? ', #count = :count' : '') +
      (options.markKeptNotice ? ', keptNoticeAt = if_not_exists(keptNoticeAt, :at)' : ''),
    ConditionExpression: condition,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

/** Marks a one-time event on a check-in (kept notice sent, thanks given); false if it already happened. */
export function markOnce(
  store: Store,
  checkIn: CheckIn,
  field: 'keptNoticeAt' | 'thankedAt',
  at: number,
): Promise<boolean> {
  return updateIf(store, {
    Key: checkInItemKey(checkIn),
    UpdateExpression: 'SET #f = :at',
    ConditionExpression: 'attribute_not_exists(#f)',
    ExpressionAttributeNames: { '#f': field },
    ExpressionAttributeValues: { ':at': iso(at) },
  });
}

export async function getCheckIn(store: Store, pairId: string, key: string): Promise<CheckIn | null> {
  const result = await store.doc.send(
    new GetCommand({
      TableName: store.tableName,
      Key: checkInItemKey({ pairId, checkInKey: key }),
      ConsistentRead: true,
    }),
  );
  store.reads.record(result.Item ? 1 : 0);
  return result.Item ? checkInFromItem(result.Item) : null;
}

/**
 * Takes back a partner's own answer, within `windowMs` of giving it (the undo on the email
 * confirmation page): the check-in returns to what it was before that answer (the earlier
 * answer, the other partner's, or open). Returns false when there is nothing (any more) to undo.
 */
export function undoAnswer(
  store: Store,
  checkIn: CheckIn,
  partnerId: string,
  answer: Answer,
  now: number,
  windowMs: number,
): Promise<boolean> {
  const before =
    checkIn.undoTo?.by === partnerId
      ? checkIn.undoTo
      : {
          // Answered before undo records existed: back to the other partner's answer, or open.
          answer: null,
          status: Object.entries(checkIn.answers).find(([id]) => id !== partnerId)?.[1] ?? 'open',
          answeredAt: null,
          answeredBy: null,
          note: null,
        };
  const sets = ['#status = :status'];
  const removes = ['undoTo'];
  const values: Item = {
    ':status': before.status,
    ':p': partnerId,
    ':answer': answer,
    ':cutoff': iso(now - windowMs),
  };
  if (before.answer) {
    sets.push('answers.#p = :previous');
    values[':previous'] = before.answer;
  } else removes.push('answers.#p');
  for (const field of ['answeredAt', 'answeredBy', 'note'] as const) {
    if (before[field] === null) removes.push(field);
    else {
      sets.push(`${field} = :${field}`);
      values[`:${field}`] = before[field];
    }
  }
  // A count (a flexible goal's "Y 3") goes back with the answer it came with.
  if ('count' in before && before.count !== undefined) {
    if (before.count === null) removes.push('#count');
    else {
      sets.push('#count = :count');
      values[':count'] = before.count;
    }
  }
  return updateIf(store, {
    Key: checkInItemKey(checkIn),
    UpdateExpression: `SET ${sets.join(', ')} REMOVE ${removes.join(', ')}`,
    ConditionExpression: 'answeredBy = :p AND answers.#p = :answer AND answeredAt >= :cutoff',
    ExpressionAttributeNames: {
      '#status': 'status',
      '#p': partnerId,
      ...(removes.includes('#count') || values[':count'] !== undefined ? { '#count': 'count' } : {}),
    },
    ExpressionAttributeValues: values,
  });
}

import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { iso } from '../util/time.ts';
import { parseItem } from './entities/parse-item.ts';
import { type Pulse, pulseItem, pulseItemSchema, pulseKey } from './entities/pulse.ts';
import { ENTITY, pairPk, SK_PREFIX } from './keys.ts';
import { queryAll } from './query-all.ts';
import { deleteIf, putIfAbsent, updateIf, type Store } from './store.ts';
import { KEY_CONDITION } from './entities/table-shape.ts';

/** One weekly pulse question to one partner, and their 0-10 answer once given. Private to them. */
export type { Pulse };

/** A pulse question stays answerable this long. */
const PULSE_OPEN_MS = 48 * 60 * 60_000;

const fromItem = (item: Record<string, unknown>): Pulse => parseItem(ENTITY.pulse, pulseItemSchema, item);

/**
 * Records that the question went out (before it is sent, so an answer always finds it), and
 * whether the rater shares their pulse as it is asked: only answers to questions asked while
 * sharing are ever shown to anyone else. Idempotent: a retry keeps what was recorded first.
 */
export async function openPulse(
  store: Store,
  pulse: { pairId: string; partnerId: string; occurrenceAt: number; shared: boolean },
  now: number,
): Promise<{ shared: boolean }> {
  if (await putIfAbsent(store, pulseItem(pulse.pairId, pulse.partnerId, pulse.occurrenceAt, now, pulse.shared)))
    return { shared: pulse.shared };
  // Asked before (a retried send): what was recorded then stands, and the question says the same.
  const { Item } = await store.doc.send(
    new GetCommand({
      TableName: store.tableName,
      Key: pulseKey(pulse.pairId, pulse.occurrenceAt, pulse.partnerId),
      ConsistentRead: true,
    }),
  );
  store.reads.record(Item ? 1 : 0);
  return { shared: Item ? fromItem(Item).shared === true : pulse.shared };
}

/**
 * Takes back a question that will not go out after all (paused, no consent, too late), unless
 * it was answered: otherwise a bare number in the next 48 hours would answer a question its
 * sender never got. Idempotent.
 */
export async function withdrawPulse(
  store: Store,
  pulse: { pairId: string; partnerId: string; occurrenceAt: number },
): Promise<void> {
  await deleteIf(store, {
    Key: pulseKey(pulse.pairId, pulse.occurrenceAt, pulse.partnerId),
    ConditionExpression: 'attribute_not_exists(#v)',
    ExpressionAttributeNames: { '#v': 'value' },
  });
}

/** The pair's pulses asked in [from, until], oldest first. */
export async function listPulses(store: Store, pairId: string, from: number, until: number): Promise<Pulse[]> {
  const items = await queryAll(store, {
    KeyConditionExpression: KEY_CONDITION.between,
    ExpressionAttributeValues: {
      ':pk': pairPk(pairId),
      ':from': `${SK_PREFIX.pulse}${iso(from).slice(0, 16)}`,
      ':until': `${SK_PREFIX.pulse}${iso(until).slice(0, 16)}\uffff`,
    },
    ConsistentRead: true,
  });
  return items.map(fromItem);
}

/** The latest question still waiting for this partner's number, or null. */
export async function waitingPulse(store: Store, pairId: string, partnerId: string, now: number) {
  const recent = await listPulses(store, pairId, now - PULSE_OPEN_MS, now);
  return (
    recent
      .filter((p) => p.partnerId === partnerId && p.value === undefined && Date.parse(p.askedAt) > now - PULSE_OPEN_MS)
      .at(-1) ?? null
  );
}

/**
 * Saves the number once (the first answer stands; a retry of it counts as saved). Answered
 * while the rater does not share (`sharing` false), the pulse loses its `shared` mark: only a
 * number asked AND given while sharing is ever shown to anyone else. Answering never marks one shared.
 */
export async function recordPulse(
  store: Store,
  pulse: Pulse,
  value: number,
  now: number,
  answer: { sharing: boolean },
): Promise<boolean> {
  return updateIf(store, pulseAnswerUpdate(pulse, value, now, answer));
}

/** The conditional update recordPulse makes, for a reply that gathers its writes into one transaction. */
export function pulseAnswerUpdate(pulse: Pulse, value: number, now: number, answer: { sharing: boolean }) {
  return {
    Key: pulseKey(pulse.pairId, Date.parse(pulse.occurrenceAt), pulse.partnerId),
    UpdateExpression: `SET #v = :v, answeredAt = :at${answer.sharing ? '' : ' REMOVE #shared'}`,
    ConditionExpression: 'attribute_not_exists(#v) OR (#v = :v AND answeredAt = :at)',
    ExpressionAttributeNames: { '#v': 'value', ...(answer.sharing ? {} : { '#shared': 'shared' }) },
    ExpressionAttributeValues: { ':v': value, ':at': iso(now) },
  };
}

import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Channel } from '../shared/channels/channel.ts';
import { TransientChannelError } from '../shared/channels/channel.ts';
import type { Store } from '../shared/store/store.ts';
import type { ConflictFault } from './transaction-conflicts.ts';

/** A small seeded PRNG (mulberry32): the same seed gives the same faults. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class InjectedFault extends Error {
  constructor(where: string) {
    super(`injected fault: ${where}`);
    this.name = 'InjectedFault';
  }
}

// A transaction fails or crashes like any write. It gets no `condition` fault: the SDK gives it an
// idempotency token, so its retry after a lost answer succeeds instead of failing its conditions.
const WRITES = new Set(['PutCommand', 'UpdateCommand', 'DeleteCommand', 'TransactWriteCommand']);
const SDK_ATTEMPTS = 3;

/**
 * What goes wrong: `crash` (a request fails, or the process dies right after a write took
 * effect), `throttle` (DynamoDB answers ThrottlingException before anything happens),
 * `condition` (a conditional write took effect but is reported as ConditionalCheckFailed, as
 * when the SDK retries a write whose first answer was lost), or `conflict` (another transaction
 * is writing an item of the write: the store itself refuses it as DynamoDB does, see
 * `transactionConflicts`; not a wrapper of the client, so the client's own handling runs).
 */
export type StoreFaultKind = 'crash' | 'throttle' | 'condition' | 'conflict';

/**
 * For the in-process store's `conflicts`: each write (a single write, or a transaction) finds
 * one of its items held by another transaction at `rate`; which one, at random.
 */
export function transactionConflicts(rate: number, random: () => number): ConflictFault {
  return ({ items }) => (random() < rate ? Math.floor(random() * items.length) : null);
}

function named(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

/**
 * A store whose requests fail at random. With `crash`: half the time before the write
 * happens (a failed request), half the time after it happened (a crash between this step and
 * the next); reads fail too, less often. Used by `kept simulate --faults` and the fault tests.
 */
export function faultyStore(
  store: Store,
  rate: number,
  random: () => number,
  kind: Exclude<StoreFaultKind, 'conflict'> = 'crash',
): Store {
  const inner = store.doc;
  const doc = Object.create(inner) as DynamoDBDocumentClient;
  doc.send = (async (command: { constructor: { name: string }; input?: { ConditionExpression?: string } }) => {
    const name = command.constructor.name;
    const isWrite = WRITES.has(name);
    if (kind === 'throttle') {
      // Each attempt is throttled at `rate`; like the AWS SDK (3 attempts in Lambda), only a
      // request throttled every time fails.
      for (let attempt = 0; attempt < SDK_ATTEMPTS; attempt++) {
        if (random() >= rate) return (inner.send as (c: unknown) => Promise<unknown>)(command);
      }
      throw named('ThrottlingException', `injected: ${name} throttled ${SDK_ATTEMPTS} times`);
    }
    const roll = random();
    if (kind === 'condition' && isWrite && command.input?.ConditionExpression && roll < rate) {
      // The SDK's retry of a write whose first answer was lost: it took effect, yet the retry's
      // condition now fails.
      await (inner.send as (c: unknown) => Promise<unknown>)(command);
      throw named('ConditionalCheckFailedException', `injected: ${name} applied, then its retry's condition failed`);
    }
    if (kind !== 'crash') return (inner.send as (c: unknown) => Promise<unknown>)(command);
    if (roll < (isWrite ? rate / 2 : rate / 4)) throw new InjectedFault(`${name} failed before it ran`);
    const result = await (inner.send as (c: unknown) => Promise<unknown>)(command);
    if (isWrite && roll < rate) throw new InjectedFault(`crash after ${name}`);
    return result;
  }) as DynamoDBDocumentClient['send'];
  return { ...store, doc };
}

/** A channel that fails at random, before or after the message was handed over. */
export function faultyChannel(channel: Channel, rate: number, random: () => number): Channel {
  return {
    transport: channel.transport,
    async send(message, now) {
      const roll = random();
      if (roll < rate / 2) throw new TransientChannelError('injected fault: provider answered 503');
      const result = await channel.send(message, now);
      if (roll < rate) throw new InjectedFault('crash after the provider accepted the message');
      return result;
    },
  };
}

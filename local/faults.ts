import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Channel } from '../shared/channels/channel.ts';
import { TransientChannelError } from '../shared/channels/channel.ts';
import type { Store } from '../shared/store/store.ts';

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

const WRITES = new Set(['PutCommand', 'UpdateCommand', 'DeleteCommand']);

/**
 * A store whose writes fail at random: half the time before the write happens (a failed
 * request), half the time after it happened (a crash between this step and the next).
 * Reads fail too, less often. Used by `kept simulate --faults` and the fault tests.
 */
export function faultyStore(store: Store, rate: number, random: () => number): Store {
  const inner = store.doc;
  const doc = Object.create(inner) as DynamoDBDocumentClient;
  doc.send = (async (command: { constructor: { name: string } }) => {
    const name = command.constructor.name;
    const isWrite = WRITES.has(name);
    const roll = random();
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

import { TABLE } from './table-shape.ts';

/**
 * The table's TTL value for an instant in epoch milliseconds. DynamoDB reads the TTL attribute
 * in seconds: a millisecond value would lie ~50,000 years ahead and never expire.
 */
export const ttlSeconds = (ms: number): number => Math.floor(ms / 1000);

/** The TTL attribute of an item that may be dropped after `ms`. */
export const ttlAttribute = (ms: number) => ({ [TABLE.ttlAttribute]: ttlSeconds(ms) });

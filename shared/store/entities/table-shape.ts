import type { EntityName } from '../keys.ts';

/**
 * The single table's shape, declared once: key attribute names, the global secondary indexes
 * and the TTL attribute. The repositories, the embedded store's table and the CDK stack all
 * read it, so an index or attribute name is never spelled twice.
 */
export const TABLE = {
  partitionKey: 'PK',
  sortKey: 'SK',
  /** DynamoDB reads it in seconds since the epoch: write it only through `ttlSeconds`. */
  ttlAttribute: 'expiresAt',
  index: {
    /** Sharded due minute buckets (deliveries, schedules), overloaded with the local outbox. */
    due: { name: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK', projection: 'ALL' },
    /** Partners by phone number, overloaded with every session of one identity. */
    phone: { name: 'GSI2', partitionKey: 'GSI2PK', sortKey: 'GSI2SK', projection: 'ALL' },
    /** Partners by email address: keys only, the partner is then read by key. */
    email: { name: 'GSI3', partitionKey: 'GSI3PK', sortKey: 'GSI3SK', projection: 'KEYS_ONLY' },
  },
} as const;

/** What every item written has: its key and its entity tag (the item builders in entities/ make them). */
export type TaggedItem = { PK: string; SK: string; entity: EntityName } & Record<string, unknown>;

export type IndexShape = (typeof TABLE.index)[keyof typeof TABLE.index];
export const INDEXES: readonly IndexShape[] = Object.values(TABLE.index);

export const DUE = TABLE.index.due;
export const PHONE = TABLE.index.phone;
export const EMAIL = TABLE.index.email;

/** Every attribute that is a key of the table or of an index (not part of any domain object). */
export const KEY_ATTRIBUTES: readonly string[] = [
  TABLE.partitionKey,
  TABLE.sortKey,
  ...INDEXES.flatMap((index) => [index.partitionKey, index.sortKey]),
];

/** An item without its table and index keys (the raw data export shows items as stored, minus keys). */
export function withoutKeyAttributes(item: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).filter(([name]) => !KEY_ATTRIBUTES.includes(name)));
}

const { partitionKey: PK, sortKey: SK } = TABLE;
/** Conditions and key conditions that name the table's keys, spelled once. */
export const KEY_CONDITION = {
  /** The item is there (an update must not create one). */
  exists: `attribute_exists(${PK})`,
  /** No item has this key yet (a create-only put). */
  absent: `attribute_not_exists(${PK})`,
  /** Items of one partition whose sort key lies in [:from, :until]. */
  between: `${PK} = :pk AND ${SK} BETWEEN :from AND :until`,
  /** Items of one partition whose sort key starts with :prefix. */
  prefix: `${PK} = :pk AND begins_with(${SK}, :prefix)`,
} as const;

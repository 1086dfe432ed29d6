import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import {
  definitionItem,
  definitionItemKey,
  definitionItemSchema,
  type PairFields,
  pairItem,
  pairItemKey,
  pairItemSchema,
  type StoredDefinition,
  type StoredPair,
} from './entities/pair.ts';
import { parseItem } from './entities/parse-item.ts';
import { ENTITY, pairPk, SK_PREFIX } from './keys.ts';
import { queryPairPrefix } from './query-all.ts';
import { isConditionFailure, type Store } from './store.ts';
import { KEY_CONDITION } from './entities/table-shape.ts';

export type { PairFields, StoredDefinition, StoredPair };

export async function getPairItem(store: Store, pairId: string): Promise<StoredPair | null> {
  const result = await store.doc.send(new GetCommand({ TableName: store.tableName, Key: pairItemKey(pairId) }));
  return result.Item ? parseItem(ENTITY.pair, pairItemSchema, result.Item) : null;
}

export async function putPairItem(store: Store, pairId: string, fields: PairFields): Promise<void> {
  await store.doc.send(new PutCommand({ TableName: store.tableName, Item: pairItem(pairId, fields) }));
}

/** A pair id that is already taken: a new pair never overwrites one that exists. */
export class PairExistsError extends Error {
  constructor(pairId: string, options?: { cause?: unknown }) {
    super(`a pair with the id "${pairId}" already exists`, options);
    this.name = 'PairExistsError';
  }
}

/** Creates a pair item only if no pair has this id (a create-only conditional write). */
export async function createPairItem(store: Store, pairId: string, fields: PairFields): Promise<void> {
  try {
    await store.doc.send(
      new PutCommand({
        TableName: store.tableName,
        Item: pairItem(pairId, fields),
        ConditionExpression: KEY_CONDITION.absent,
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) throw new PairExistsError(pairId, { cause: error });
    throw error;
  }
}

export async function listDefinitions(store: Store, pairId: string): Promise<StoredDefinition[]> {
  return (await queryPairPrefix(store, pairPk(pairId), SK_PREFIX.definition)).map((item) =>
    parseItem(ENTITY.definition, definitionItemSchema, item),
  );
}

/** One definition (the pair's `pulse` settings...), read consistently; null when the plan has none. */
export async function getDefinition(
  store: Store,
  pairId: string,
  type: StoredDefinition['type'],
  id: string,
): Promise<StoredDefinition | null> {
  const { Item } = await store.doc.send(
    new GetCommand({ TableName: store.tableName, Key: definitionItemKey(pairId, type, id), ConsistentRead: true }),
  );
  store.reads.record(Item ? 1 : 0);
  return Item ? parseItem(ENTITY.definition, definitionItemSchema, Item) : null;
}

export async function putDefinition(store: Store, pairId: string, definition: StoredDefinition): Promise<void> {
  await store.doc.send(
    new PutCommand({
      TableName: store.tableName,
      Item: definitionItem(pairId, definition),
    }),
  );
}

export async function deleteDefinition(store: Store, pairId: string, type: string, id: string): Promise<void> {
  await store.doc.send(new DeleteCommand({ TableName: store.tableName, Key: definitionItemKey(pairId, type, id) }));
}

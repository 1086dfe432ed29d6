import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { definitionSk, ENTITY, pairPk, pairSk, SK_PREFIX } from './keys.ts';
import { queryPairPrefix } from './query-all.ts';
import { isConditionFailure, type Store } from './store.ts';

type Item = Record<string, unknown>;

export interface StoredDefinition {
  type: 'commitment' | 'ritual' | 'affirmation' | 'conversations' | 'pulse' | 'supporter';
  id: string;
  hash: string;
  data: Record<string, unknown>;
}

export async function getPairItem(store: Store, pairId: string): Promise<Item | null> {
  const result = await store.doc.send(
    new GetCommand({ TableName: store.tableName, Key: { PK: pairPk(pairId), SK: pairSk() } }),
  );
  return result.Item ?? null;
}

export async function putPairItem(store: Store, pairId: string, fields: Item): Promise<void> {
  await store.doc.send(
    new PutCommand({
      TableName: store.tableName,
      Item: { PK: pairPk(pairId), SK: pairSk(), entity: ENTITY.pair, pairId, ...fields },
    }),
  );
}

/** A pair id that is already taken: a new pair never overwrites one that exists. */
export class PairExistsError extends Error {
  constructor(pairId: string, options?: { cause?: unknown }) {
    super(`a pair with the id "${pairId}" already exists`, options);
    this.name = 'PairExistsError';
  }
}

/** Creates a pair item only if no pair has this id (a create-only conditional write). */
export async function createPairItem(store: Store, pairId: string, fields: Item): Promise<void> {
  try {
    await store.doc.send(
      new PutCommand({
        TableName: store.tableName,
        Item: { PK: pairPk(pairId), SK: pairSk(), entity: ENTITY.pair, pairId, ...fields },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) throw new PairExistsError(pairId, { cause: error });
    throw error;
  }
}

export async function listDefinitions(store: Store, pairId: string): Promise<StoredDefinition[]> {
  return (await queryPairPrefix(store, pairPk(pairId), SK_PREFIX.definition)).map((item) => ({
    type: item.type as StoredDefinition['type'],
    id: item.id as string,
    hash: item.hash as string,
    data: item.data as Record<string, unknown>,
  }));
}

export async function putDefinition(store: Store, pairId: string, definition: StoredDefinition): Promise<void> {
  await store.doc.send(
    new PutCommand({
      TableName: store.tableName,
      Item: {
        PK: pairPk(pairId),
        SK: definitionSk(definition.type, definition.id),
        entity: ENTITY.definition,
        pairId,
        ...definition,
      },
    }),
  );
}

export async function deleteDefinition(store: Store, pairId: string, type: string, id: string): Promise<void> {
  await store.doc.send(
    new DeleteCommand({ TableName: store.tableName, Key: { PK: pairPk(pairId), SK: definitionSk(type, id) } }),
  );
}

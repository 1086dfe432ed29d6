import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { rateLimitWindow, signInCodeItem, signInCodeItemSchema } from './entities/auth.ts';
import { parseItem } from './entities/parse-item.ts';
import { KEY_CONDITION, TABLE } from './entities/table-shape.ts';
import { signInCodeKey as codeKey, ENTITY } from './keys.ts';
import { deleteIf, type Store, updateIf } from './store.ts';

/** A pending sign-in code: only its hash is stored. */
export interface SignInCode {
  codeHash: string;
  /** Milliseconds since the epoch (the stored TTL attribute is in seconds). */
  validUntil: number;
  attempts: number;
}

export async function saveSignInCode(store: Store, identity: string, code: SignInCode): Promise<void> {
  await store.doc.send(
    new PutCommand({
      TableName: store.tableName,
      Item: signInCodeItem(identity, code),
    }),
  );
}

export async function getSignInCode(store: Store, identity: string): Promise<SignInCode | null> {
  const result = await store.doc.send(
    new GetCommand({ TableName: store.tableName, Key: codeKey(identity), ConsistentRead: true }),
  );
  return result.Item ? parseItem(ENTITY.signInCode, signInCodeItemSchema, result.Item) : null;
}

/** Counts an attempt, only while fewer than `max` were made; false once the code is used up. */
export async function countAttempt(store: Store, identity: string, max: number): Promise<boolean> {
  return updateIf(store, {
    Key: codeKey(identity),
    UpdateExpression: 'ADD attempts :one',
    ConditionExpression: `${KEY_CONDITION.exists} AND attempts < :max`,
    ExpressionAttributeValues: { ':one': 1, ':max': max },
  });
}

/**
 * Uses the code up: a delete on the condition that this very code is still stored, so of
 * any number of verifies racing with the right code exactly one gets true.
 */
export async function consumeSignInCode(store: Store, identity: string, codeHash: string): Promise<boolean> {
  return deleteIf(store, {
    Key: codeKey(identity),
    ConditionExpression: 'codeHash = :hash',
    ExpressionAttributeValues: { ':hash': codeHash },
  });
}

export async function deleteSignInCode(store: Store, identity: string): Promise<void> {
  await store.doc.send(new DeleteCommand({ TableName: store.tableName, Key: codeKey(identity) }));
}

/**
 * A fixed-window rate limit: at most `limit` hits per key per window. The count and the
 * check are one conditional write, so concurrent requests cannot slip past it.
 */
export async function hitRateLimit(
  store: Store,
  key: string,
  limit: number,
  windowMs: number,
  now: number,
): Promise<boolean> {
  const window = rateLimitWindow(key, now, windowMs);
  return updateIf(store, {
    Key: window.key,
    UpdateExpression: 'ADD hits :one SET #ttl = :ttl, entity = :entity',
    ConditionExpression: 'attribute_not_exists(hits) OR hits < :limit',
    ExpressionAttributeNames: { '#ttl': TABLE.ttlAttribute },
    ExpressionAttributeValues: { ':one': 1, ':limit': limit, ':ttl': window.expiresAt, ':entity': window.entity },
  });
}

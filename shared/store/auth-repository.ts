import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { signInCodeKey as codeKey, rateLimitKey } from './keys.ts';
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
      Item: {
        ...codeKey(identity),
        entity: 'SignInCode',
        ...code,
        // The table's TTL attribute: DynamoDB reads it in seconds (milliseconds would never expire).
        expiresAt: Math.floor(code.validUntil / 1000),
      },
    }),
  );
}

export async function getSignInCode(store: Store, identity: string): Promise<SignInCode | null> {
  const result = await store.doc.send(
    new GetCommand({ TableName: store.tableName, Key: codeKey(identity), ConsistentRead: true }),
  );
  if (!result.Item) return null;
  const { codeHash, validUntil, attempts } = result.Item;
  return { codeHash, validUntil, attempts } as SignInCode;
}

/** Counts an attempt, only while fewer than `max` were made; false once the code is used up. */
export async function countAttempt(store: Store, identity: string, max: number): Promise<boolean> {
  return updateIf(store, {
    Key: codeKey(identity),
    UpdateExpression: 'ADD attempts :one',
    ConditionExpression: 'attribute_exists(PK) AND attempts < :max',
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
  const window = Math.floor(now / windowMs);
  return updateIf(store, {
    Key: rateLimitKey(key, window),
    UpdateExpression: 'ADD hits :one SET expiresAt = :ttl',
    ConditionExpression: 'attribute_not_exists(hits) OR hits < :limit',
    ExpressionAttributeValues: { ':one': 1, ':limit': limit, ':ttl': Math.floor(((window + 2) * windowMs) / 1000) },
  });
}

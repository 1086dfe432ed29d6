import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { sessionItem, sessionItemSchema } from './entities/auth.ts';
import { parseItem } from './entities/parse-item.ts';
import { KEY_CONDITION, PHONE } from './entities/table-shape.ts';
import { ENTITY, sessionKey, sessionsIndexPk } from './keys.ts';
import { queryAll } from './query-all.ts';
import type { Store } from './store.ts';

export interface StoredSession {
  identity: string;
  /** Seconds since the epoch: also the table's TTL attribute, which DynamoDB reads in seconds. */
  expiresAt: number;
  createdAt: string;
}

export async function putSession(store: Store, tokenHash: string, session: StoredSession): Promise<void> {
  await store.doc.send(
    new PutCommand({
      TableName: store.tableName,
      Item: sessionItem(tokenHash, session),
      ConditionExpression: KEY_CONDITION.absent,
    }),
  );
}

export async function getSession(store: Store, tokenHash: string): Promise<StoredSession | null> {
  const result = await store.doc.send(
    new GetCommand({ TableName: store.tableName, Key: sessionKey(tokenHash), ConsistentRead: true }),
  );
  return result.Item ? parseItem(ENTITY.session, sessionItemSchema, result.Item) : null;
}

export async function deleteSession(store: Store, tokenHash: string): Promise<void> {
  await store.doc.send(new DeleteCommand({ TableName: store.tableName, Key: sessionKey(tokenHash) }));
}

/** Ends every session of this identity; returns how many there were. */
export async function deleteAllSessions(store: Store, identity: string): Promise<number> {
  const items = await queryAll(store, {
    IndexName: PHONE.name,
    KeyConditionExpression: `${PHONE.partitionKey} = :pk`,
    ExpressionAttributeValues: { ':pk': sessionsIndexPk(identity) },
  });
  for (const item of items) {
    await store.doc.send(new DeleteCommand({ TableName: store.tableName, Key: { PK: item.PK, SK: item.SK } }));
  }
  return items.length;
}

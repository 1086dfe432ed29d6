import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { OutboundMessage } from '../model/message.ts';
import { iso } from '../util/time.ts';
import { ENTITY, outboxPk, outboxSk, pairPk } from './keys.ts';
import { queryAll } from './query-all.ts';
import { isConditionFailure, type Store } from './store.ts';

/** A message as logged and as shown on the outbox page. */
export interface LoggedMessage extends OutboundMessage {
  sentAt: string;
  transport: string;
  providerId?: string;
}

async function putOnce(store: Store, item: Record<string, unknown>): Promise<boolean> {
  try {
    await store.doc.send(new PutCommand({ TableName: store.tableName, Item: item, ConditionExpression: 'attribute_not_exists(PK)' }));
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Logs a sent message in its pair's history; a retry of the same message is a no-op. */
export function logMessage(store: Store, message: LoggedMessage): Promise<boolean> {
  return putOnce(store, { PK: pairPk(message.pairId), SK: `MSG#${message.id}`, entity: ENTITY.message, ...message });
}

/** Adds a message to the local outbox; returns false if that message id is already there. */
export function putOutboxEntry(store: Store, message: OutboundMessage, at: number): Promise<boolean> {
  return putOnce(store, {
    PK: outboxPk(),
    SK: `MSG#${message.id}`,
    entity: ENTITY.outbox,
    GSI1PK: outboxPk(),
    GSI1SK: outboxSk(at, message.id),
    ...message,
    sentAt: iso(at),
    transport: 'outbox',
  });
}

function toLogged({ PK: _a, SK: _b, GSI1PK: _c, GSI1SK: _d, entity: _e, ...rest }: Record<string, unknown>): LoggedMessage {
  return rest as unknown as LoggedMessage;
}

/** Every outbox entry, oldest first (for `kept simulate` and tests). */
export async function listWholeOutbox(store: Store): Promise<LoggedMessage[]> {
  const items = await queryAll(store, {
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :pk',
    ExpressionAttributeValues: { ':pk': outboxPk() },
  });
  return items.map(toLogged);
}

/** The newest outbox entries first. */
export async function listOutbox(store: Store, limit = 100): Promise<LoggedMessage[]> {
  const page = await store.doc.send(
    new QueryCommand({
      TableName: store.tableName,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': outboxPk() },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (page.Items ?? []).map(toLogged);
}

import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { OutboundMessage } from '../model/message.ts';
import {
  messageItem,
  messageItemSchema,
  outboxItem,
  outboxItemSchema,
  providerPointerItem,
  providerPointerItemSchema,
} from './entities/message.ts';
import { parseItem } from './entities/parse-item.ts';
import { DUE, KEY_CONDITION, type TaggedItem } from './entities/table-shape.ts';
import { ENTITY, outboxPk, pairPk, providerPointerKey } from './keys.ts';
import { queryAll } from './query-all.ts';
import { isConditionFailure, putIfAbsent, type Store } from './store.ts';

/** A message as logged and as shown on the outbox page. */
export interface LoggedMessage extends OutboundMessage {
  sentAt: string;
  transport: string;
  providerId?: string;
  /** The provider's latest report: sent, delivered, undelivered, failed... */
  status?: string;
  /** When the provider's latest report came. */
  statusAt?: string;
  errorCode?: string | null;
}

/**
 * Logs a sent message in its pair's history; a retry of the same message is a no-op. A
 * provider's message id gets a pointer, so its status callbacks can find the message.
 */
export async function logMessage(store: Store, message: LoggedMessage): Promise<boolean> {
  const [entry, pointer] = messageLogPuts(message);
  if (pointer) await store.doc.send(new PutCommand({ TableName: store.tableName, ...pointer }));
  return putIfAbsent(store, entry.Item);
}

/**
 * The puts logMessage makes: the log entry (only if absent) and, for a provider's id, the
 * pointer its status callbacks use. For writing them together with the delivery's final status.
 */
export function messageLogPuts(
  message: LoggedMessage,
): [{ Item: TaggedItem; ConditionExpression: string }, { Item: TaggedItem }?] {
  const entry = { Item: messageItem(message), ConditionExpression: KEY_CONDITION.absent };
  if (!message.providerId || message.transport === 'outbox') return [entry];
  return [entry, { Item: providerPointerItem(message.providerId, message.pairId, message.id) }];
}

const STATUS_RANK: Record<string, number> = {
  accepted: 0,
  queued: 1,
  sending: 2,
  sent: 3,
  delivered: 4,
  undelivered: 4,
  failed: 4,
  read: 5,
};

/**
 * Applies a provider's status report to the logged message. Reports can arrive out of order;
 * a later stage is never overwritten by an earlier one. Returns the message, or null if Kept
 * did not send it.
 */
export async function updateMessageStatus(
  store: Store,
  providerId: string,
  status: string,
  errorCode: string | undefined,
  at: number,
): Promise<LoggedMessage | null> {
  const pointer = await store.doc.send(
    new GetCommand({ TableName: store.tableName, Key: providerPointerKey(providerId) }),
  );
  if (!pointer.Item) return null;
  const { pairId, messageSk } = parseItem(ENTITY.providerPointer, providerPointerItemSchema, pointer.Item);
  const key = { PK: pairPk(pairId), SK: messageSk };
  try {
    const result = await store.doc.send(
      new UpdateCommand({
        TableName: store.tableName,
        Key: key,
        UpdateExpression: 'SET #status = :status, statusRank = :rank, errorCode = :code, statusAt = :at',
        ConditionExpression: `${KEY_CONDITION.exists} AND (attribute_not_exists(statusRank) OR statusRank <= :rank)`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':status': status,
          ':rank': STATUS_RANK[status] ?? 0,
          ':code': errorCode ?? null,
          ':at': new Date(at).toISOString(),
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return fromMessageItem(result.Attributes ?? {});
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const current = await store.doc.send(new GetCommand({ TableName: store.tableName, Key: key }));
    return current.Item ? fromMessageItem(current.Item) : null;
  }
}

/** Adds a message to the local outbox; returns false if that message id is already there. */
export function putOutboxEntry(store: Store, message: OutboundMessage, at: number): Promise<boolean> {
  return putIfAbsent(store, outboxItem(message, at));
}

/** The put that adds a message to the local outbox, only if that message id is not there yet. */
export function outboxEntryPut(
  message: OutboundMessage,
  at: number,
): { Item: TaggedItem; ConditionExpression: string } {
  return { Item: outboxItem(message, at), ConditionExpression: KEY_CONDITION.absent };
}

const fromMessageItem = (item: Record<string, unknown>): LoggedMessage =>
  parseItem(ENTITY.message, messageItemSchema, item);
const fromOutboxItem = (item: Record<string, unknown>): LoggedMessage =>
  parseItem(ENTITY.outbox, outboxItemSchema, item);

/** Every outbox entry, oldest first (for `kept simulate` and tests). */
export async function listWholeOutbox(store: Store): Promise<LoggedMessage[]> {
  const items = await queryAll(store, {
    IndexName: DUE.name,
    KeyConditionExpression: `${DUE.partitionKey} = :pk`,
    ExpressionAttributeValues: { ':pk': outboxPk() },
  });
  return items.map(fromOutboxItem);
}

/** The newest outbox entries first. */
export async function listOutbox(store: Store, limit = 100): Promise<LoggedMessage[]> {
  const page = await store.doc.send(
    new QueryCommand({
      TableName: store.tableName,
      IndexName: DUE.name,
      KeyConditionExpression: `${DUE.partitionKey} = :pk`,
      ExpressionAttributeValues: { ':pk': outboxPk() },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (page.Items ?? []).map(fromOutboxItem);
}

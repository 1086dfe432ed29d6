import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { inboundItem, inboundItemKey, inboundItemSchema } from './entities/inbound.ts';
import { parseItem } from './entities/parse-item.ts';
import { KEY_CONDITION, type TaggedItem } from './entities/table-shape.ts';
import { ENTITY } from './keys.ts';
import { putIfAbsent, type Store } from './store.ts';

/** An inbound text, kept so that a provider's retry of the same message is handled once. */
export interface InboundRecord {
  status: 'received' | 'done';
  reply?: string | null;
}

type InboundInput = { pairId: string; partnerId: string; messageId: string; body: string; receivedAt: number };

/** Records an inbound message; returns null if new, or what is stored about it if seen before. */
export async function claimInbound(store: Store, input: InboundInput): Promise<InboundRecord | null> {
  const created = await putIfAbsent(store, inboundItem(input));
  if (created) return null;
  return (await getInbound(store, input.pairId, input.messageId)) ?? { status: 'received' };
}

/** What is stored about an inbound message, or null. */
export async function getInbound(store: Store, pairId: string, messageId: string): Promise<InboundRecord | null> {
  const existing = await store.doc.send(
    new GetCommand({ TableName: store.tableName, Key: inboundItemKey(pairId, messageId), ConsistentRead: true }),
  );
  return existing.Item ? parseItem(ENTITY.inbound, inboundItemSchema, existing.Item) : null;
}

/**
 * The inbound record written once the text is handled, as a put only the first handling of
 * that message makes: the claim and the finish in one, for a reply whose other writes go with
 * it in one transaction.
 */
export function inboundDonePut(
  input: InboundInput,
  outcome: string,
  reply: string | null,
): { Item: TaggedItem; ConditionExpression: string } {
  return {
    Item: { ...inboundItem(input), status: 'done', outcome, reply },
    ConditionExpression: KEY_CONDITION.absent,
  };
}

export async function finishInbound(
  store: Store,
  pairId: string,
  messageId: string,
  outcome: string,
  reply: string | null,
): Promise<void> {
  await store.doc.send(
    new UpdateCommand({
      TableName: store.tableName,
      Key: inboundItemKey(pairId, messageId),
      UpdateExpression: 'SET #status = :done, outcome = :outcome, reply = :reply',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':done': 'done', ':outcome': outcome, ':reply': reply },
    }),
  );
}

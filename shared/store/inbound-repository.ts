import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { inboundItem, inboundItemKey, inboundItemSchema } from './entities/inbound.ts';
import { parseItem } from './entities/parse-item.ts';
import { ENTITY } from './keys.ts';
import { putIfAbsent, type Store } from './store.ts';

/** An inbound text, kept so that a provider's retry of the same message is handled once. */
export interface InboundRecord {
  status: 'received' | 'done';
  reply?: string | null;
}

/** Records an inbound message; returns null if new, or what is stored about it if seen before. */
export async function claimInbound(
  store: Store,
  input: { pairId: string; partnerId: string; messageId: string; body: string; receivedAt: number },
): Promise<InboundRecord | null> {
  const created = await putIfAbsent(store, inboundItem(input));
  if (created) return null;
  {
    const existing = await store.doc.send(
      new GetCommand({
        TableName: store.tableName,
        Key: inboundItemKey(input.pairId, input.messageId),
        ConsistentRead: true,
      }),
    );
    return existing.Item ? parseItem(ENTITY.inbound, inboundItemSchema, existing.Item) : { status: 'received' };
  }
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

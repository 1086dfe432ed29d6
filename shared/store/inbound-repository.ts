import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { iso } from '../util/time.ts';
import { ENTITY, inboundSk, pairPk } from './keys.ts';
import { putIfAbsent, type Store } from './store.ts';

/** An inbound text, kept so that a provider's retry of the same message is handled once. */
export interface InboundRecord {
  status: 'received' | 'done';
  reply?: string | null;
}

const RETENTION_SECONDS = 400 * 86_400;

/** Records an inbound message; returns null if new, or what is stored about it if seen before. */
export async function claimInbound(
  store: Store,
  input: { pairId: string; partnerId: string; messageId: string; body: string; receivedAt: number },
): Promise<InboundRecord | null> {
  const created = await putIfAbsent(store, {
    PK: pairPk(input.pairId),
    SK: inboundSk(input.messageId),
    entity: ENTITY.inbound,
    partnerId: input.partnerId,
    body: input.body.slice(0, 2000),
    receivedAt: iso(input.receivedAt),
    status: 'received',
    expiresAt: Math.floor(input.receivedAt / 1000) + RETENTION_SECONDS,
  });
  if (created) return null;
  {
    const existing = await store.doc.send(
      new GetCommand({
        TableName: store.tableName,
        Key: { PK: pairPk(input.pairId), SK: inboundSk(input.messageId) },
        ConsistentRead: true,
      }),
    );
    return (existing.Item as InboundRecord | undefined) ?? { status: 'received' };
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
      Key: { PK: pairPk(pairId), SK: inboundSk(messageId) },
      UpdateExpression: 'SET #status = :done, outcome = :outcome, reply = :reply',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':done': 'done', ':outcome': outcome, ':reply': reply },
    }),
  );
}

import { z } from 'zod';
import { iso } from '../../util/time.ts';
import type { InboundRecord } from '../inbound-repository.ts';
import { ENTITY, inboundSk, pairPk } from '../keys.ts';
import { sameShape, type SameShape } from './same-shape.ts';
import { TABLE } from './table-shape.ts';
import { ttlAttribute } from './ttl.ts';

/** An inbound text is kept this long (so a provider's retry is recognised), then TTL drops it. */
const INBOUND_RETENTION_MS = 400 * 86_400_000;

/** An inbound text: who sent it, what it said, and (once handled) the outcome and the reply. */
export const inboundItemSchema = z
  .object({
    PK: z.string(),
    SK: z.string(),
    entity: z.literal(ENTITY.inbound),
    partnerId: z.string(),
    body: z.string(),
    receivedAt: z.string(),
    status: z.enum(['received', 'done']),
    outcome: z.string().optional(),
    reply: z.string().nullable().optional(),
    [TABLE.ttlAttribute]: z.number(),
  })
  .transform(({ status, reply }) => ({ status, ...(reply !== undefined ? { reply } : {}) }));

sameShape<SameShape<z.output<typeof inboundItemSchema>, InboundRecord>>(true);

export const inboundItemKey = (pairId: string, messageId: string) => ({ PK: pairPk(pairId), SK: inboundSk(messageId) });

export const inboundItem = (input: {
  pairId: string;
  partnerId: string;
  messageId: string;
  body: string;
  receivedAt: number;
}) => ({
  ...inboundItemKey(input.pairId, input.messageId),
  entity: ENTITY.inbound,
  partnerId: input.partnerId,
  body: input.body.slice(0, 2000),
  receivedAt: iso(input.receivedAt),
  status: 'received' as const,
  ...ttlAttribute(input.receivedAt + INBOUND_RETENTION_MS),
});

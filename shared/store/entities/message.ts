import { z } from 'zod';
import { MESSAGE_KINDS, type OutboundMessage } from '../../model/message.ts';
import { iso } from '../../util/time.ts';
import type { LoggedMessage } from '../message-repository.ts';
import { ENTITY, messageSk, outboxPk, outboxSk, pairPk, providerPointerKey } from '../keys.ts';
import { sameShape, type SameShape } from './same-shape.ts';
import { DUE } from './table-shape.ts';

const loggedFields = {
  PK: z.string(),
  SK: z.string(),
  id: z.string(),
  pairId: z.string(),
  recipientId: z.string(),
  channel: z.enum(['sms', 'email']),
  to: z.string(),
  kind: z.enum(MESSAGE_KINDS),
  body: z.string(),
  subject: z.string().optional(),
  html: z.string().optional(),
  dueAt: z.number(),
  sentAt: z.string(),
  transport: z.string(),
  providerId: z.string().optional(),
  status: z.string().optional(),
  /** Orders the provider's reports (a later stage is never overwritten); not part of the message. */
  statusRank: z.number().optional(),
  statusAt: z.string().optional(),
  errorCode: z.string().nullable().optional(),
};

/** A message in its pair's log: what was sent, how, and the provider's latest report. */
export const messageItemSchema = z
  .object({ ...loggedFields, entity: z.literal(ENTITY.message) })
  .transform(({ PK: _p, SK: _s, entity: _e, statusRank: _r, ...message }) => message);

/** A message in the local outbox, listed through the overloaded due index. */
export const outboxItemSchema = z
  .object({
    ...loggedFields,
    entity: z.literal(ENTITY.outbox),
    [DUE.partitionKey]: z.string(),
    [DUE.sortKey]: z.string(),
  })
  .transform(
    ({ PK: _p, SK: _s, entity: _e, statusRank: _r, [DUE.partitionKey]: _g, [DUE.sortKey]: _h, ...message }) => message,
  );

sameShape<SameShape<z.output<typeof messageItemSchema>, LoggedMessage>>(true);
sameShape<SameShape<z.output<typeof outboxItemSchema>, LoggedMessage>>(true);

/** Where a provider's message id points back to the logged message. */
export const providerPointerItemSchema = z.object({
  PK: z.string(),
  SK: z.string(),
  entity: z.literal(ENTITY.providerPointer),
  pairId: z.string(),
  messageSk: z.string(),
});

const messageItemKey = (pairId: string, messageId: string) => ({ PK: pairPk(pairId), SK: messageSk(messageId) });

/** The item logging a sent message ('sent' until the provider reports more). */
export const messageItem = (message: LoggedMessage) => ({
  ...messageItemKey(message.pairId, message.id),
  entity: ENTITY.message,
  status: 'sent',
  ...message,
});

export const providerPointerItem = (providerId: string, pairId: string, messageId: string) => ({
  ...providerPointerKey(providerId),
  entity: ENTITY.providerPointer,
  pairId,
  messageSk: messageSk(messageId),
});

/** The item putting a message in the local outbox at `at`. */
export const outboxItem = (message: OutboundMessage, at: number) => ({
  PK: outboxPk(),
  SK: messageSk(message.id),
  entity: ENTITY.outbox,
  [DUE.partitionKey]: outboxPk(),
  [DUE.sortKey]: outboxSk(at, message.id),
  ...message,
  sentAt: iso(at),
  transport: 'outbox',
});

import type { z } from 'zod';
import { ENTITY, type EntityName } from '../keys.ts';
import { rateLimitItemSchema, sessionItemSchema, signInCodeItemSchema } from './auth.ts';
import { checkInItemSchema } from './checkin.ts';
import { conversationItemSchema } from './conversation.ts';
import { deliveryItemSchema } from './delivery.ts';
import { consentRecordItemSchema, identityItemSchema } from './identity.ts';
import { inboundItemSchema } from './inbound.ts';
import { messageItemSchema, outboxItemSchema, providerPointerItemSchema } from './message.ts';
import { definitionItemSchema, pairItemSchema } from './pair.ts';
import { parseItem } from './parse-item.ts';
import { partnerItemSchema } from './partner.ts';
import { pulseItemSchema } from './pulse.ts';
import { scheduleItemSchema } from './schedule.ts';
import { supporterAgreementItemSchema } from './supporter-agreement.ts';

/**
 * Every entity's schema, by its `entity` value. Typed as a record over every entity name, so an
 * entity added to ENTITY without a declaration here fails `tsc`.
 */
const ITEM_SCHEMAS: Record<EntityName, z.ZodTypeAny> = {
  [ENTITY.pair]: pairItemSchema,
  [ENTITY.partner]: partnerItemSchema,
  [ENTITY.definition]: definitionItemSchema,
  [ENTITY.schedule]: scheduleItemSchema,
  [ENTITY.delivery]: deliveryItemSchema,
  [ENTITY.message]: messageItemSchema,
  [ENTITY.outbox]: outboxItemSchema,
  [ENTITY.checkIn]: checkInItemSchema,
  [ENTITY.inbound]: inboundItemSchema,
  [ENTITY.providerPointer]: providerPointerItemSchema,
  [ENTITY.conversation]: conversationItemSchema,
  [ENTITY.pulse]: pulseItemSchema,
  [ENTITY.supporterAgreement]: supporterAgreementItemSchema,
  [ENTITY.signInCode]: signInCodeItemSchema,
  [ENTITY.rateLimit]: rateLimitItemSchema,
  [ENTITY.session]: sessionItemSchema,
  [ENTITY.identity]: identityItemSchema,
  [ENTITY.consentRecord]: consentRecordItemSchema,
};

const isEntityName = (value: unknown): value is EntityName =>
  typeof value === 'string' && Object.hasOwn(ITEM_SCHEMAS, value);

/** Checks any stored item against its entity's schema; an item without a known entity is refused too. */
export function checkStoredItem(item: Record<string, unknown>): void {
  const { entity } = item;
  if (!isEntityName(entity))
    throw new Error(`Item ${String(item.PK)} / ${String(item.SK)} has no known entity: ${String(item.entity)}`);
  parseItem(entity, ITEM_SCHEMAS[entity], item);
}

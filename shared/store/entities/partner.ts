import { z } from 'zod';
import type { PartnerRecord } from '../../model/partner-state.ts';
import { emailIndexPk, ENTITY, pairPk, partnerSk, phoneIndexPk, phoneIndexSk } from '../keys.ts';
import { consentEvent, consentStatus, nullAsAbsent } from './fields.ts';
import { sameShape, type SameShape } from './same-shape.ts';
import { EMAIL, PHONE } from './table-shape.ts';

/** A partner item: the plan's profile, what the partner controls by replying, and the phone/email index keys. */
export const partnerItemSchema = z
  .object({
    PK: z.string(),
    SK: z.string(),
    entity: z.literal(ENTITY.partner),
    pairId: z.string(),
    partnerId: z.string(),
    name: z.string(),
    phone: nullAsAbsent(z.string()),
    email: nullAsAbsent(z.string()),
    timezone: z.string(),
    channel: z.enum(['sms', 'email', 'both']),
    quietHours: nullAsAbsent(z.object({ from: z.string(), to: z.string() })),
    consent: consentStatus,
    consentLog: z.array(consentEvent),
    smsOptedOut: z.boolean().optional(),
    smsInvalid: z.boolean().optional(),
    emailUndeliverable: z.boolean().optional(),
    emailUnsubscribed: z.boolean().optional(),
    softBounces: z.number().optional(),
    pausedUntil: z.string().optional(),
    numbering: z.object({ at: z.string(), keys: z.array(z.string()) }).optional(),
    profileHash: z.string(),
    calendarVersion: z.number().optional(),
  })
  .transform(({ PK: _p, SK: _s, entity: _e, ...partner }) => partner);

sameShape<SameShape<z.output<typeof partnerItemSchema>, PartnerRecord>>(true);

export const partnerKey = (pairId: string, partnerId: string) => ({ PK: pairPk(pairId), SK: partnerSk(partnerId) });

/** The phone index keys of a partner with this number. */
export const partnerPhoneKeys = (partner: Pick<PartnerRecord, 'pairId' | 'partnerId'>, phone: string) => ({
  [PHONE.partitionKey]: phoneIndexPk(phone),
  [PHONE.sortKey]: phoneIndexSk(partner.pairId, partner.partnerId),
});

/** The email index keys of a partner with this address. */
export const partnerEmailKeys = (partner: Pick<PartnerRecord, 'pairId' | 'partnerId'>, email: string) => ({
  [EMAIL.partitionKey]: emailIndexPk(email),
  [EMAIL.sortKey]: phoneIndexSk(partner.pairId, partner.partnerId),
});

/** The item written when a partner is created. */
export const partnerItem = (partner: PartnerRecord) => ({
  ...partnerKey(partner.pairId, partner.partnerId),
  entity: ENTITY.partner,
  ...partner,
  ...(partner.phone ? partnerPhoneKeys(partner, partner.phone) : {}),
  ...(partner.email ? partnerEmailKeys(partner, partner.email) : {}),
});

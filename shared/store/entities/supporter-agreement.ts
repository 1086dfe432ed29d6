import { z } from 'zod';
import { ENTITY, pairPk, supporterSk } from '../keys.ts';
import type { SupporterAgreement } from '../supporter-repository.ts';
import { sameShape, type SameShape } from './same-shape.ts';

const status = z.enum(['asking', 'agreed', 'confirmed', 'declined', 'removed']);
const partnerAnswer = z.object({
  agree: z.boolean(),
  at: z.string(),
  via: z.enum(['sms', 'email-link', 'dashboard']),
});

/**
 * A supporter agreement item. A removal kept where no request was ever made (the supporter was
 * removed before being asked) has no request id, address or ask time: they read as empty
 * strings, which match no link, no address and no time window.
 */
export const supporterAgreementItemSchema = z
  .object({
    PK: z.string(),
    SK: z.string(),
    entity: z.literal(ENTITY.supporterAgreement),
    pairId: z.string(),
    supporterId: z.string(),
    name: z.string().optional(),
    requestId: z.string().optional(),
    status,
    email: z.string().optional(),
    askedAt: z.string().optional(),
    answers: z.record(z.string(), partnerAnswer).optional(),
    agreedAt: z.string().optional(),
    confirmedAt: z.string().optional(),
    confirmedBy: z.enum(['supporter', 'plan']).optional(),
    endedAt: z.string().optional(),
    endedBy: z.string().optional(),
  })
  .refine((item) => item.status === 'removed' || (item.requestId && item.email !== undefined && item.askedAt), {
    error: 'a request that is not a removal needs its requestId, email and askedAt',
  })
  .transform(({ PK: _p, SK: _s, entity: _e, name, requestId, email, askedAt, answers, ...agreement }) => ({
    ...agreement,
    // Older records had no name: replies then name the supporter by id.
    name: name ?? agreement.supporterId,
    requestId: requestId ?? '',
    email: email ?? '',
    askedAt: askedAt ?? '',
    answers: answers ?? {},
  }));

sameShape<SameShape<z.output<typeof supporterAgreementItemSchema>, SupporterAgreement>>(true);

export const supporterAgreementKey = (pairId: string, supporterId: string) => ({
  PK: pairPk(pairId),
  SK: supporterSk(supporterId),
});

export const supporterAgreementItem = (agreement: SupporterAgreement) => ({
  ...supporterAgreementKey(agreement.pairId, agreement.supporterId),
  entity: ENTITY.supporterAgreement,
  ...agreement,
});

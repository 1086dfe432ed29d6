import { z } from 'zod';
import { iso } from '../../util/time.ts';
import { ENTITY, pairPk, pulseSk } from '../keys.ts';

/** A pulse item: one weekly question to one partner, and their 0-10 answer once given. */
export const pulseItemSchema = z
  .object({
    PK: z.string(),
    SK: z.string(),
    entity: z.literal(ENTITY.pulse),
    pairId: z.string(),
    partnerId: z.string(),
    occurrenceAt: z.string(),
    askedAt: z.string(),
    /** Whether the rater shared their pulse when asked (the question said so); absent: private. */
    shared: z.boolean().optional(),
    value: z.number().optional(),
    answeredAt: z.string().optional(),
  })
  .transform(({ PK: _p, SK: _s, entity: _e, ...pulse }) => pulse);

export type Pulse = z.output<typeof pulseItemSchema>;

export const pulseKey = (pairId: string, occurrenceAt: number, partnerId: string) => ({
  PK: pairPk(pairId),
  SK: pulseSk(occurrenceAt, partnerId),
});

/** The item written when the question goes out (no answer yet), with whether the rater shares it. */
export const pulseItem = (
  pairId: string,
  partnerId: string,
  occurrenceAt: number,
  askedAt: number,
  shared: boolean,
) => ({
  ...pulseKey(pairId, occurrenceAt, partnerId),
  entity: ENTITY.pulse,
  pairId,
  partnerId,
  occurrenceAt: iso(occurrenceAt),
  askedAt: iso(askedAt),
  ...(shared ? { shared: true } : {}),
});

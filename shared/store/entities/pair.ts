import { z } from 'zod';
import { SummarySettingsSchema } from '../../model/plan.ts';
import { definitionSk, ENTITY, pairPk, pairSk } from '../keys.ts';
import { nullAsAbsent } from './fields.ts';

/** The pair item: the plan's pair settings, their hash, and the partners in the plan's order. */
export const pairItemSchema = z
  .object({
    PK: z.string(),
    SK: z.string(),
    entity: z.literal(ENTITY.pair),
    pairId: z.string(),
    name: z.string(),
    share: z.enum(['kept-only', 'all']),
    /** A plan without summary settings stores null. */
    summary: nullAsAbsent(SummarySettingsSchema),
    sharedWindow: z.object({ from: z.string(), to: z.string() }).optional(),
    hash: z.string(),
    partnerIds: z.array(z.string()).optional(),
  })
  .transform(({ PK: _p, SK: _s, entity: _e, ...pair }) => pair);

export type StoredPair = z.output<typeof pairItemSchema>;
/** What a plan writes to the pair item. */
export type PairFields = Omit<StoredPair, 'pairId' | 'summary'> & { summary: StoredPair['summary'] | null };

export const pairItemKey = (pairId: string) => ({ PK: pairPk(pairId), SK: pairSk() });

export const pairItem = (pairId: string, fields: PairFields) => ({
  ...pairItemKey(pairId),
  entity: ENTITY.pair,
  pairId,
  ...fields,
});

const definitionType = z.enum(['commitment', 'ritual', 'affirmation', 'conversations', 'pulse', 'supporter']);

/** A plan item as applied (commitment, ritual, ...): its plan data as given, and a hash of it. */
export const definitionItemSchema = z
  .object({
    PK: z.string(),
    SK: z.string(),
    entity: z.literal(ENTITY.definition),
    pairId: z.string(),
    type: definitionType,
    id: z.string(),
    hash: z.string(),
    data: z.record(z.string(), z.unknown()),
  })
  .transform(({ type, id, hash, data }) => ({ type, id, hash, data }));

export type StoredDefinition = z.output<typeof definitionItemSchema>;

export const definitionItemKey = (pairId: string, type: string, id: string) => ({
  PK: pairPk(pairId),
  SK: definitionSk(type, id),
});

export const definitionItem = (pairId: string, definition: StoredDefinition) => ({
  ...definitionItemKey(pairId, definition.type, definition.id),
  entity: ENTITY.definition,
  pairId,
  ...definition,
});

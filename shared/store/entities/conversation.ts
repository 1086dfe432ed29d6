import { z } from 'zod';
import { CONVERSATION_OPEN_MS, type Conversation } from '../../conversations/conversation.ts';
import { iso } from '../../util/time.ts';
import { conversationSk, ENTITY, pairPk } from '../keys.ts';
import { sameShape, type SameShape } from './same-shape.ts';

/** A conversation item: one prompt to both partners, their answers, and when they were revealed. */
export const conversationItemSchema = z
  .object({
    PK: z.string(),
    SK: z.string(),
    entity: z.literal(ENTITY.conversation),
    pairId: z.string(),
    occurrenceAt: z.string(),
    closesAt: z.string(),
    sequence: z.number(),
    prompt: z.string(),
    theme: z.string().optional(),
    answers: z.record(z.string(), z.object({ text: z.string(), at: z.string() })),
    revealedAt: z.string().optional(),
  })
  .transform(({ PK: _p, SK, entity: _e, ...conversation }) => ({ ...conversation, conversationKey: SK }));

sameShape<SameShape<z.output<typeof conversationItemSchema>, Conversation>>(true);

/** A conversation's key from the pair and its sort key (carried as `conversationKey`). */
export const conversationItemKey = (pairId: string, key: string) => ({ PK: pairPk(pairId), SK: key });

/** The item written when the first partner's prompt opens the conversation (no answers yet). */
export const conversationItem = (
  pairId: string,
  occurrenceAt: number,
  sequence: number,
  prompt: string,
  theme: string | undefined,
) => ({
  ...conversationItemKey(pairId, conversationSk(occurrenceAt)),
  entity: ENTITY.conversation,
  pairId,
  occurrenceAt: iso(occurrenceAt),
  closesAt: iso(occurrenceAt + CONVERSATION_OPEN_MS),
  sequence,
  prompt,
  ...(theme ? { theme } : {}),
  answers: {},
});

/** The plan's `conversations` settings, stored as a definition: only its deck is read here. */
export const conversationSettingsItemSchema = z
  .object({
    PK: z.string(),
    SK: z.string(),
    entity: z.literal(ENTITY.definition),
    data: z.object({ deck: z.union([z.literal('kept'), z.array(z.string())]) }),
  })
  .transform(({ data }) => ({ deck: data.deck }));

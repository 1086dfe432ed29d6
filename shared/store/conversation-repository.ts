import { DeleteCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Conversation, ConversationAnswer } from '../conversations/conversation.ts';
import { iso } from '../util/time.ts';
import {
  conversationItem,
  conversationItemKey,
  conversationItemSchema,
  conversationSettingsItemSchema,
} from './entities/conversation.ts';
import { definitionItemKey } from './entities/pair.ts';
import { parseItem } from './entities/parse-item.ts';
import { conversationSk, deliverySk, ENTITY, messageSk, pairPk, SK_PREFIX } from './keys.ts';
import { queryAll, queryPairPrefix } from './query-all.ts';
import { putIfAbsent, updateIf, type Store } from './store.ts';
import { KEY_CONDITION } from './entities/table-shape.ts';

type Item = Record<string, unknown>;

const fromItem = (item: Item): Conversation => parseItem(ENTITY.conversation, conversationItemSchema, item);

/** The plan's `conversations` settings as stored (a definition), or null when the pair has none. */
export async function getConversationSettings(
  store: Store,
  pairId: string,
): Promise<{ deck: 'kept' | string[] } | null> {
  const result = await store.doc.send(
    new GetCommand({
      TableName: store.tableName,
      Key: definitionItemKey(pairId, 'conversations', 'conversations'),
    }),
  );
  store.reads.record(result.Item ? 1 : 0);
  return result.Item ? parseItem(ENTITY.definition, conversationSettingsItemSchema, result.Item) : null;
}

export async function getConversation(store: Store, pairId: string, key: string): Promise<Conversation | null> {
  const result = await store.doc.send(
    new GetCommand({ TableName: store.tableName, Key: conversationItemKey(pairId, key), ConsistentRead: true }),
  );
  store.reads.record(result.Item ? 1 : 0);
  return result.Item ? fromItem(result.Item) : null;
}

/** The conversation just before this occurrence (its sequence numbers the next one). */
async function previousConversation(store: Store, pairId: string, occurrenceAt: number): Promise<Conversation | null> {
  const page = await store.doc.send(
    new QueryCommand({
      TableName: store.tableName,
      KeyConditionExpression: KEY_CONDITION.between,
      ExpressionAttributeValues: {
        ':pk': pairPk(pairId),
        ':from': SK_PREFIX.conversation,
        ':until': conversationSk(occurrenceAt),
      },
      ScanIndexForward: false,
      Limit: 2,
      ConsistentRead: true,
    }),
  );
  store.reads.record(page.Count ?? 0);
  // BETWEEN is inclusive: skip this occurrence's own item if a racing writer just made it.
  const before = (page.Items ?? []).find((item) => item.SK !== conversationSk(occurrenceAt));
  return before ? fromItem(before) : null;
}

/**
 * The conversation of one occurrence, created by whichever partner's prompt goes first (a
 * create-only write, so both get the same prompt). Its sequence is one more than the
 * previous conversation's, so the deck is walked in order and never repeats before its end,
 * and a crash between steps cannot skip or repeat a prompt.
 */
export async function openConversation(
  store: Store,
  pairId: string,
  occurrenceAt: number,
  pick: (sequence: number) => { prompt: string; theme?: string },
): Promise<Conversation> {
  const key = conversationSk(occurrenceAt);
  const existing = await getConversation(store, pairId, key);
  if (existing) return existing;
  const previous = await previousConversation(store, pairId, occurrenceAt);
  const sequence = previous ? previous.sequence + 1 : 0;
  const { prompt, theme } = pick(sequence);
  const item = conversationItem(pairId, occurrenceAt, sequence, prompt, theme);
  if (await putIfAbsent(store, item)) return fromItem(item);
  return (await getConversation(store, pairId, key))!; // the other partner's prompt created it first
}

/** Conversations whose occurrence lies in [from, until], oldest first. */
export async function listConversations(
  store: Store,
  pairId: string,
  from: number,
  until: number,
): Promise<Conversation[]> {
  const items = await queryAll(store, {
    KeyConditionExpression: KEY_CONDITION.between,
    ExpressionAttributeValues: {
      ':pk': pairPk(pairId),
      ':from': conversationSk(from),
      ':until': `${conversationSk(until)}\uffff`,
    },
    ConsistentRead: true,
  });
  return items.map(fromItem);
}

export async function listAllConversations(store: Store, pairId: string): Promise<Conversation[]> {
  return (await queryPairPrefix(store, pairPk(pairId), SK_PREFIX.conversation)).map(fromItem);
}

export type AnswerOutcome = 'recorded' | 'already-answered' | 'closed';

/**
 * Records a partner's answer: the first one stands, and only while the conversation is open
 * (checked in the write itself). The same answer again (a retried request) counts as recorded.
 */
export async function recordConversationAnswer(
  store: Store,
  conversation: Conversation,
  partnerId: string,
  answer: ConversationAnswer,
  now: number,
): Promise<AnswerOutcome> {
  const recorded = await updateIf(store, {
    Key: conversationItemKey(conversation.pairId, conversation.conversationKey),
    UpdateExpression: 'SET answers.#p = :answer',
    ConditionExpression: 'attribute_not_exists(answers.#p) AND closesAt > :now AND attribute_not_exists(revealedAt)',
    ExpressionAttributeNames: { '#p': partnerId },
    ExpressionAttributeValues: { ':answer': answer, ':now': iso(now) },
  });
  if (recorded) return 'recorded';
  const stored = await getConversation(store, conversation.pairId, conversation.conversationKey);
  const mine = stored?.answers[partnerId];
  if (mine && mine.text === answer.text && mine.at === answer.at) return 'recorded';
  return mine ? 'already-answered' : 'closed';
}

/**
 * Promises the reveal: set once both answers stand, before any reveal is planned, in one
 * conditional write. A delete racing it (deleteConversationAnswer with `unlessRevealed`) either
 * comes first, and then nothing is revealed, or finds it promised. True while both answers
 * stand (also when it was already promised: a retry plans what a crash left).
 */
export function markRevealed(
  store: Store,
  conversation: Conversation,
  partnerIds: string[],
  at: number,
): Promise<boolean> {
  const names = Object.fromEntries(partnerIds.map((id, i) => [`#p${i}`, id]));
  return updateIf(store, {
    Key: conversationItemKey(conversation.pairId, conversation.conversationKey),
    UpdateExpression: 'SET revealedAt = if_not_exists(revealedAt, :at)',
    ConditionExpression: Object.keys(names)
      .map((name) => `attribute_exists(answers.${name})`)
      .join(' AND '),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: { ':at': iso(at) },
  });
}

/** The key of the reveal that carries the other's words to this recipient, as planEventMessage and the sender make it. */
export const revealDeliveryKey = (conversation: Conversation, recipientId: string) =>
  deliverySk(
    Date.parse(conversation.occurrenceAt),
    `conversation-reveal:${conversation.conversationKey}:${recipientId}`,
  );

/**
 * Deletes a partner's own answer, with the reveal that carried it to the other partner (its
 * delivery and logged messages): an answer taken back leaves no copy in Kept. False when
 * there was no answer, or (with `unlessRevealed`) when the reveal was promised meanwhile.
 */
export async function deleteConversationAnswer(
  store: Store,
  pairId: string,
  conversationKey: string,
  partnerId: string,
  options: { unlessRevealed?: boolean } = {},
): Promise<boolean> {
  const conversation = await getConversation(store, pairId, conversationKey);
  if (!conversation?.answers[partnerId]) return false;
  const removed = await updateIf(store, {
    Key: conversationItemKey(pairId, conversationKey),
    UpdateExpression: 'REMOVE answers.#p',
    ConditionExpression: options.unlessRevealed
      ? 'attribute_exists(answers.#p) AND attribute_not_exists(revealedAt)'
      : 'attribute_exists(answers.#p)',
    ExpressionAttributeNames: { '#p': partnerId },
  });
  if (!removed) return false;
  const others = Object.keys(conversation.answers).filter((id) => id !== partnerId);
  for (const recipientId of others) {
    const deliveryKey = revealDeliveryKey(conversation, recipientId);
    const messageKeys = (['sms', 'email'] as const).map((channel) =>
      messageSk(`${pairId}/${deliveryKey.slice(SK_PREFIX.delivery.length)}/${channel}`),
    );
    for (const sk of [deliveryKey, ...messageKeys])
      await store.doc.send(new DeleteCommand({ TableName: store.tableName, Key: { PK: pairPk(pairId), SK: sk } }));
  }
  return true;
}

/** Erases every answer a partner gave, and the reveals carrying them (their account is being erased). Returns how many. */
export async function eraseConversationAnswers(store: Store, pairId: string, partnerId: string): Promise<number> {
  let erased = 0;
  for (const conversation of await listAllConversations(store, pairId)) {
    if (conversation.answers[partnerId] === undefined) continue;
    if (await deleteConversationAnswer(store, pairId, conversation.conversationKey, partnerId)) erased++;
  }
  return erased;
}

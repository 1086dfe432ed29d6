import { DeleteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { parseItem } from './entities/parse-item.ts';
import {
  supporterAgreementItem,
  supporterAgreementItemSchema,
  supporterAgreementKey,
} from './entities/supporter-agreement.ts';
import { ENTITY, pairPk, SK_PREFIX } from './keys.ts';
import { queryPairPrefix } from './query-all.ts';
import { putIf, putIfAbsent, type Store, updateIf } from './store.ts';
import { KEY_CONDITION } from './entities/table-shape.ts';

type Item = Record<string, unknown>;

/**
 * asking: the partners were asked; agreed: both said yes, the supporter was asked; confirmed: the
 * supporter said yes too (summaries go out); declined / removed: ended, and kept so that applying
 * the plan again does not add them back (README: "A supporter's view").
 */
export type AgreementStatus = 'asking' | 'agreed' | 'confirmed' | 'declined' | 'removed';

export interface PartnerAnswer {
  agree: boolean;
  at: string;
  via: 'sms' | 'email-link' | 'dashboard';
}

export interface SupporterAgreement {
  pairId: string;
  supporterId: string;
  /** Their name when asked: replies about an ended request can still name them. */
  name: string;
  /** New for every request: each link names it, so a link from an ended request does nothing. */
  requestId: string;
  status: AgreementStatus;
  /** The address the partners were asked about (lower case): another address needs asking again. */
  email: string;
  askedAt: string;
  answers: Record<string, PartnerAnswer>;
  agreedAt?: string;
  confirmedAt?: string;
  /** 'plan': taken from the plan file, which only the local outbox may do. */
  confirmedBy?: 'supporter' | 'plan';
  endedAt?: string;
  /** The partner who removed or declined, or 'supporter' (who declined). */
  endedBy?: string;
}

const keyOf = supporterAgreementKey;

const agreementFromItem = (item: Item): SupporterAgreement =>
  parseItem(ENTITY.supporterAgreement, supporterAgreementItemSchema, item);

export async function listAgreements(store: Store, pairId: string): Promise<SupporterAgreement[]> {
  return (await queryPairPrefix(store, pairPk(pairId), SK_PREFIX.supporter)).map(agreementFromItem);
}

export async function getAgreement(
  store: Store,
  pairId: string,
  supporterId: string,
): Promise<SupporterAgreement | null> {
  const result = await store.doc.send(
    new GetCommand({ TableName: store.tableName, Key: keyOf(pairId, supporterId), ConsistentRead: true }),
  );
  store.reads.record(result.Item ? 1 : 0);
  return result.Item ? agreementFromItem(result.Item) : null;
}

/**
 * Starts a request: creates the record, or replaces the live one whose request id is `replacing`
 * (the supporter's address changed). False when someone else changed it first, and when it has
 * ended meanwhile (a removal or a no, under a concurrent apply): a removal is never overwritten.
 */
export async function startAgreement(
  store: Store,
  agreement: SupporterAgreement,
  replacing?: string,
): Promise<boolean> {
  const item = supporterAgreementItem(agreement);
  if (replacing === undefined) return putIfAbsent(store, item);
  return putIf(store, {
    Item: item,
    ConditionExpression: 'requestId = :old AND #status IN (:asking, :agreed, :confirmed)',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: {
      ':old': replacing,
      ':asking': 'asking',
      ':agreed': 'agreed',
      ':confirmed': 'confirmed',
    },
  });
}

/**
 * One partner's answer to a request still asking, given once: a NO ends the request at once.
 * False when the request is not asking any more, is another one, or this partner already answered.
 */
export function recordPartnerAnswer(
  store: Store,
  ref: { pairId: string; supporterId: string; requestId: string },
  partnerId: string,
  answer: PartnerAnswer,
): Promise<boolean> {
  const declines = !answer.agree;
  return updateIf(store, {
    Key: keyOf(ref.pairId, ref.supporterId),
    UpdateExpression: `SET answers.#me = :answer${declines ? ', #status = :declined, endedAt = :at, endedBy = :me' : ''}`,
    ConditionExpression: '#status = :asking AND requestId = :q AND attribute_not_exists(answers.#me)',
    ExpressionAttributeNames: { '#me': partnerId, '#status': 'status' },
    ExpressionAttributeValues: {
      ':answer': answer,
      ':asking': 'asking',
      ':q': ref.requestId,
      ...(declines ? { ':declined': 'declined', ':at': answer.at, ':me': partnerId } : {}),
    },
  });
}

/** asking -> agreed, only when both partners' answers are yes. False when it was not (or already moved on). */
export function markAgreed(
  store: Store,
  ref: { pairId: string; supporterId: string; requestId: string },
  partnerIds: [string, string],
  at: string,
): Promise<boolean> {
  return updateIf(store, {
    Key: keyOf(ref.pairId, ref.supporterId),
    UpdateExpression: 'SET #status = :agreed, agreedAt = :at',
    ConditionExpression: '#status = :asking AND requestId = :q AND answers.#a.agree = :yes AND answers.#b.agree = :yes',
    ExpressionAttributeNames: { '#status': 'status', '#a': partnerIds[0], '#b': partnerIds[1] },
    ExpressionAttributeValues: {
      ':agreed': 'agreed',
      ':asking': 'asking',
      ':q': ref.requestId,
      ':yes': true,
      ':at': at,
    },
  });
}

/** agreed -> confirmed by the supporter, or declined by them. False when not waiting for them. */
export function recordSupporterAnswer(
  store: Store,
  ref: { pairId: string; supporterId: string; requestId: string },
  confirm: boolean,
  at: string,
): Promise<boolean> {
  return updateIf(store, {
    Key: keyOf(ref.pairId, ref.supporterId),
    UpdateExpression: confirm
      ? 'SET #status = :confirmed, confirmedAt = :at, confirmedBy = :supporter'
      : 'SET #status = :declined, endedAt = :at, endedBy = :supporter',
    ConditionExpression: '#status = :agreed AND requestId = :q',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: {
      ':agreed': 'agreed',
      ':q': ref.requestId,
      ':at': at,
      ':supporter': 'supporter',
      ...(confirm ? { ':confirmed': 'confirmed' } : { ':declined': 'declined' }),
    },
  });
}

/**
 * Ends a supporter's view for good (removed by a partner): kept as the removal record. Works on
 * a live record and where none was kept; an ended one stays as it was (the first ending stands).
 */
export function endAgreement(
  store: Store,
  supporter: { pairId: string; supporterId: string; name: string },
  by: string,
  at: string,
): Promise<boolean> {
  const { pairId, supporterId } = supporter;
  return updateIf(store, {
    Key: keyOf(pairId, supporterId),
    UpdateExpression:
      'SET #status = :removed, endedAt = :at, endedBy = :by, entity = :entity, pairId = :pair, supporterId = :id, answers = if_not_exists(answers, :none), #name = if_not_exists(#name, :name)',
    ConditionExpression: `${KEY_CONDITION.absent} OR #status IN (:asking, :agreed, :confirmed)`,
    ExpressionAttributeNames: { '#status': 'status', '#name': 'name' },
    ExpressionAttributeValues: {
      ':name': supporter.name,
      ':removed': 'removed',
      ':at': at,
      ':by': by,
      ':entity': ENTITY.supporterAgreement,
      ':pair': pairId,
      ':id': supporterId,
      ':none': {},
      ':asking': 'asking',
      ':agreed': 'agreed',
      ':confirmed': 'confirmed',
    },
  });
}

/** The plan no longer lists the supporter: nothing is kept (listing them again asks again). */
export async function deleteAgreement(store: Store, pairId: string, supporterId: string): Promise<void> {
  await store.doc.send(new DeleteCommand({ TableName: store.tableName, Key: keyOf(pairId, supporterId) }));
}

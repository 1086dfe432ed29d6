import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ConsentEvent, PartnerRecord } from '../model/partner-state.ts';
import { parseItem } from './entities/parse-item.ts';
import { partnerEmailKeys, partnerItem, partnerItemSchema, partnerKey, partnerPhoneKeys } from './entities/partner.ts';
import { EMAIL, KEY_CONDITION, PHONE } from './entities/table-shape.ts';
import { emailIndexPk, ENTITY, pairPk, phoneIndexPk, SK_PREFIX } from './keys.ts';
import { queryAll, queryPairPrefix } from './query-all.ts';
import { updateIf, type Store } from './store.ts';

type Item = Record<string, unknown>;

export const partnerFromItem = (item: Item): PartnerRecord => parseItem(ENTITY.partner, partnerItemSchema, item);

export async function getPartner(store: Store, pairId: string, partnerId: string): Promise<PartnerRecord | null> {
  const result = await store.doc.send(
    new GetCommand({
      TableName: store.tableName,
      Key: partnerKey(pairId, partnerId),
      ConsistentRead: true,
    }),
  );
  store.reads.record(result.Item ? 1 : 0);
  return result.Item ? partnerFromItem(result.Item) : null;
}

export async function listPartners(store: Store, pairId: string): Promise<PartnerRecord[]> {
  return (await queryPairPrefix(store, pairPk(pairId), SK_PREFIX.partner)).map(partnerFromItem);
}

/** Creates a partner that does not exist yet. */
export async function putPartner(store: Store, partner: PartnerRecord): Promise<void> {
  await store.doc.send(new PutCommand({ TableName: store.tableName, Item: partnerItem(partner) }));
}

/**
 * Rewrites the profile fields a plan controls, leaving what the partner controls by replying
 * (opt-out, pause, consent given by text) as it is.
 */
export async function updatePartnerProfile(
  store: Store,
  partner: PartnerRecord,
  previousPhone?: string,
): Promise<void> {
  const profile: Item = {
    // A new number has not been found invalid (yet); an opt-out stays with the person.
    ...(previousPhone !== partner.phone ? { smsInvalid: false } : {}),
    name: partner.name,
    timezone: partner.timezone,
    channel: partner.channel,
    profileHash: partner.profileHash,
  };
  // A phone, address or quiet hours taken out of the plan is removed, not stored as null.
  const optional = { phone: partner.phone, email: partner.email, quietHours: partner.quietHours };
  const names: Record<string, string> = {};
  const values: Item = {};
  const removals: string[] = [];
  for (const [field, value] of Object.entries(optional)) {
    if (value === undefined) {
      names[`#${field}`] = field;
      removals.push(`#${field}`);
    } else profile[field] = value;
  }
  const sets = Object.entries(profile).map(([field, value]) => {
    names[`#${field}`] = field;
    values[`:${field}`] = value;
    return `#${field} = :${field}`;
  });
  // The index keys follow the number and address: set with them, removed without them.
  const indexKeys: Item = {
    ...(partner.phone ? partnerPhoneKeys(partner, partner.phone) : {}),
    ...(partner.email ? partnerEmailKeys(partner, partner.email) : {}),
  };
  for (const [attribute, value] of Object.entries(indexKeys)) {
    sets.push(`${attribute} = :${attribute}`);
    values[`:${attribute}`] = value;
  }
  if (!partner.phone) removals.push(PHONE.partitionKey, PHONE.sortKey);
  if (!partner.email) removals.push(EMAIL.partitionKey, EMAIL.sortKey);
  let update = `SET ${sets.join(', ')}`;
  if (removals.length > 0) update += ` REMOVE ${removals.join(', ')}`;
  await store.doc.send(
    new UpdateCommand({
      TableName: store.tableName,
      Key: partnerKey(partner.pairId, partner.partnerId),
      UpdateExpression: update,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    }),
  );
}

export async function deletePartner(store: Store, pairId: string, partnerId: string): Promise<void> {
  await store.doc.send(new DeleteCommand({ TableName: store.tableName, Key: partnerKey(pairId, partnerId) }));
}

/** Partners with this phone number (normally one), via the phone index. */
export async function findPartnersByPhone(store: Store, phone: string): Promise<PartnerRecord[]> {
  const items = await queryAll(store, {
    IndexName: PHONE.name,
    KeyConditionExpression: `${PHONE.partitionKey} = :pk`,
    ExpressionAttributeValues: { ':pk': phoneIndexPk(phone) },
  });
  return items.map(partnerFromItem);
}

async function updatePartner(
  store: Store,
  partner: Pick<PartnerRecord, 'pairId' | 'partnerId'>,
  update: string,
  names: Record<string, string>,
  values: Item,
  condition?: string,
): Promise<boolean> {
  return updateIf(store, {
    Key: partnerKey(partner.pairId, partner.partnerId),
    UpdateExpression: update,
    ConditionExpression: condition ? `${KEY_CONDITION.exists} AND ${condition}` : KEY_CONDITION.exists,
    ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
    ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: values } : {}),
  });
}

/** Remembers which check-ins the numbers in the partner's latest numbered message refer to. */
export function setNumbering(
  store: Store,
  partner: Pick<PartnerRecord, 'pairId' | 'partnerId'>,
  keys: string[],
  at: number,
): Promise<boolean> {
  return updateIf(store, numberingUpdate(partner, keys, at));
}

/** The conditional update setNumbering makes, for writing it together with the prompts it numbers. */
export function numberingUpdate(partner: Pick<PartnerRecord, 'pairId' | 'partnerId'>, keys: string[], at: number) {
  const stamp = new Date(at).toISOString();
  return {
    Key: partnerKey(partner.pairId, partner.partnerId),
    UpdateExpression: 'SET numbering = :n',
    ConditionExpression: `${KEY_CONDITION.exists} AND (attribute_not_exists(numbering) OR numbering.#at <= :at)`,
    ExpressionAttributeNames: { '#at': 'at' },
    ExpressionAttributeValues: { ':n': { at: stamp, keys }, ':at': stamp },
  };
}

/** STOP and START: SMS opt-out, recorded with the words received. */
export function setSmsOptOut(
  store: Store,
  partner: PartnerRecord,
  optedOut: boolean,
  event: ConsentEvent,
): Promise<boolean> {
  return updatePartner(
    store,
    partner,
    'SET smsOptedOut = :o, consentLog = list_append(if_not_exists(consentLog, :empty), :event)',
    {},
    {
      ':o': optedOut,
      ':event': [event],
      ':empty': [],
    },
  );
}

/** A new calendar feed URL: the version in the old one no longer matches, so it stops working. */
export async function rotateCalendarVersion(
  store: Store,
  partner: Pick<PartnerRecord, 'pairId' | 'partnerId'>,
): Promise<number> {
  const result = await store.doc.send(
    new UpdateCommand({
      TableName: store.tableName,
      Key: partnerKey(partner.pairId, partner.partnerId),
      UpdateExpression: 'ADD calendarVersion :one',
      ConditionExpression: KEY_CONDITION.exists,
      ExpressionAttributeValues: { ':one': 1 },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Number(result.Attributes?.calendarVersion ?? 0);
}

export function setPausedUntil(store: Store, partner: PartnerRecord, until: string | null): Promise<boolean> {
  return until === null
    ? updatePartner(store, partner, 'REMOVE pausedUntil', {}, {})
    : updatePartner(store, partner, 'SET pausedUntil = :u', {}, { ':u': until });
}

/**
 * A consent answer: only while not yet confirmed (so a replayed YES never re-runs the change),
 * recorded with its time and words. Returns false when consent was not pending.
 */
export function answerConsent(store: Store, partner: PartnerRecord, event: ConsentEvent): Promise<boolean> {
  return updatePartner(
    store,
    partner,
    'SET consent = :status, consentLog = list_append(if_not_exists(consentLog, :empty), :event)',
    {},
    { ':status': event.status, ':event': [event], ':empty': [], ':confirmed': 'confirmed' },
    'consent <> :confirmed',
  );
}

/** The number cannot receive texts (invalid or not a mobile): SMS to it stops. */
export function markSmsInvalid(store: Store, partner: Pick<PartnerRecord, 'pairId' | 'partnerId'>): Promise<boolean> {
  return updatePartner(store, partner, 'SET smsInvalid = :t', {}, { ':t': true });
}

/** Partners with this email address, via the email index (keys only, then one read each). */
export async function findPartnersByEmail(store: Store, email: string): Promise<PartnerRecord[]> {
  const keys = await queryAll(store, {
    IndexName: EMAIL.name,
    KeyConditionExpression: `${EMAIL.partitionKey} = :pk`,
    ExpressionAttributeValues: { ':pk': emailIndexPk(email) },
  });
  const partners = await Promise.all(keys.map((k) => getPartnerByKey(store, k.PK as string, k.SK as string)));
  return partners.filter((p): p is PartnerRecord => p !== null);
}

async function getPartnerByKey(store: Store, pk: string, sk: string): Promise<PartnerRecord | null> {
  const result = await store.doc.send(new GetCommand({ TableName: store.tableName, Key: { PK: pk, SK: sk } }));
  return result.Item ? partnerFromItem(result.Item) : null;
}

/** Email to this partner stops: a hard bounce, a complaint, or the unsubscribe link. */
export function stopEmail(
  store: Store,
  partner: PartnerRecord,
  field: 'emailUndeliverable' | 'emailUnsubscribed',
  event: ConsentEvent,
): Promise<boolean> {
  return updatePartner(
    store,
    partner,
    'SET #f = :t, consentLog = list_append(if_not_exists(consentLog, :empty), :event)',
    { '#f': field },
    {
      ':t': true,
      ':event': [event],
      ':empty': [],
    },
  );
}

export function countSoftBounce(store: Store, partner: PartnerRecord): Promise<boolean> {
  return updatePartner(store, partner, 'ADD softBounces :one', {}, { ':one': 1 });
}

import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { PartnerRecord } from '../model/partner-state.ts';
import { ENTITY, pairPk, partnerSk, phoneIndexPk, phoneIndexSk, SK_PREFIX } from './keys.ts';
import { queryPairPrefix } from './query-all.ts';
import type { Store } from './store.ts';

type Item = Record<string, unknown>;

export function partnerFromItem(item: Item): PartnerRecord {
  const { PK: _pk, SK: _sk, GSI2PK: _a, GSI2SK: _b, entity: _e, ...rest } = item;
  return rest as unknown as PartnerRecord;
}

function partnerToItem(partner: PartnerRecord): Item {
  return {
    PK: pairPk(partner.pairId),
    SK: partnerSk(partner.partnerId),
    entity: ENTITY.partner,
    ...partner,
    ...(partner.phone ? { GSI2PK: phoneIndexPk(partner.phone), GSI2SK: phoneIndexSk(partner.pairId, partner.partnerId) } : {}),
  };
}

export async function getPartner(store: Store, pairId: string, partnerId: string): Promise<PartnerRecord | null> {
  const result = await store.doc.send(
    new GetCommand({ TableName: store.tableName, Key: { PK: pairPk(pairId), SK: partnerSk(partnerId) }, ConsistentRead: true }),
  );
  store.reads.record(result.Item ? 1 : 0);
  return result.Item ? partnerFromItem(result.Item) : null;
}

export async function listPartners(store: Store, pairId: string): Promise<PartnerRecord[]> {
  return (await queryPairPrefix(store, pairPk(pairId), SK_PREFIX.partner)).map(partnerFromItem);
}

/** Creates a partner that does not exist yet. */
export async function putPartner(store: Store, partner: PartnerRecord): Promise<void> {
  await store.doc.send(new PutCommand({ TableName: store.tableName, Item: partnerToItem(partner) }));
}

/**
 * Rewrites the profile fields a plan controls, leaving what the partner controls by replying
 * (opt-out, pause, consent given by text) as it is.
 */
export async function updatePartnerProfile(store: Store, partner: PartnerRecord): Promise<void> {
  const profile: Item = {
    name: partner.name,
    phone: partner.phone ?? null,
    email: partner.email ?? null,
    timezone: partner.timezone,
    channel: partner.channel,
    quietHours: partner.quietHours ?? null,
    profileHash: partner.profileHash,
  };
  const names: Record<string, string> = {};
  const values: Item = {};
  const sets = Object.entries(profile).map(([field, value]) => {
    names[`#${field}`] = field;
    values[`:${field}`] = value;
    return `#${field} = :${field}`;
  });
  let update = `SET ${sets.join(', ')}`;
  if (partner.phone) {
    update += ', GSI2PK = :gsi2pk, GSI2SK = :gsi2sk';
    values[':gsi2pk'] = phoneIndexPk(partner.phone);
    values[':gsi2sk'] = phoneIndexSk(partner.pairId, partner.partnerId);
  } else {
    update += ' REMOVE GSI2PK, GSI2SK';
  }
  await store.doc.send(
    new UpdateCommand({
      TableName: store.tableName,
      Key: { PK: pairPk(partner.pairId), SK: partnerSk(partner.partnerId) },
      UpdateExpression: update,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    }),
  );
}

export async function deletePartner(store: Store, pairId: string, partnerId: string): Promise<void> {
  await store.doc.send(new DeleteCommand({ TableName: store.tableName, Key: { PK: pairPk(pairId), SK: partnerSk(partnerId) } }));
}

import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { identityHash } from '../util/hash.ts';
import { consentAskedKey, identityClaimKey, optOutKey } from './keys.ts';
import { isConditionFailure, type Store } from './store.ts';

export interface IdentityClaim {
  pairId: string;
  partnerId: string;
}

/**
 * Claims a number or address for one partner of one pair: created only if no claim exists,
 * the claim is already this partner's, or it replaces exactly `replacing` (a claim whose holder
 * is gone). Returns the claim that stands in the way, or null when the claim is made.
 */
export async function putIdentityClaim(
  store: Store,
  identity: string,
  claim: IdentityClaim,
  replacing?: IdentityClaim,
): Promise<IdentityClaim | null> {
  try {
    await store.doc.send(
      new PutCommand({
        TableName: store.tableName,
        Item: { ...identityClaimKey(identityHash(identity)), entity: 'IdentityClaim', ...claim },
        ConditionExpression: replacing
          ? 'pairId = :oldPair AND partnerId = :oldPartner'
          : 'attribute_not_exists(PK) OR (pairId = :pair AND partnerId = :partner)',
        ExpressionAttributeValues: replacing
          ? { ':oldPair': replacing.pairId, ':oldPartner': replacing.partnerId }
          : { ':pair': claim.pairId, ':partner': claim.partnerId },
      }),
    );
    return null;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    return (await getIdentityClaim(store, identity)) ?? replacing ?? claim;
  }
}

export async function getIdentityClaim(store: Store, identity: string): Promise<IdentityClaim | null> {
  const result = await store.doc.send(
    new GetCommand({ TableName: store.tableName, Key: identityClaimKey(identityHash(identity)), ConsistentRead: true }),
  );
  return result.Item ? { pairId: result.Item.pairId, partnerId: result.Item.partnerId } : null;
}

/** Releases a claim, only if it is still this partner's. */
export async function deleteIdentityClaim(store: Store, identity: string, claim: IdentityClaim): Promise<void> {
  try {
    await store.doc.send(
      new DeleteCommand({
        TableName: store.tableName,
        Key: identityClaimKey(identityHash(identity)),
        ConditionExpression: 'pairId = :pair AND partnerId = :partner',
        ExpressionAttributeValues: { ':pair': claim.pairId, ':partner': claim.partnerId },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

/** Records (or lifts) a number's or address's opt-out; the words and time are the evidence. */
export async function putOptOut(
  store: Store,
  identity: string,
  optedOut: boolean,
  evidence: { at: string; words: string },
): Promise<void> {
  const key = optOutKey(identityHash(identity));
  if (optedOut)
    await store.doc.send(
      new PutCommand({ TableName: store.tableName, Item: { ...key, entity: 'OptOut', ...evidence } }),
    );
  else await store.doc.send(new DeleteCommand({ TableName: store.tableName, Key: key }));
}

export async function isOptedOut(store: Store, identity: string): Promise<boolean> {
  const result = await store.doc.send(
    new GetCommand({ TableName: store.tableName, Key: optOutKey(identityHash(identity)), ConsistentRead: true }),
  );
  return result.Item !== undefined;
}

/**
 * Takes the one consent request a number or address may get per `windowMs`: true when none was
 * asked within the window (and records this one), false otherwise. One conditional write, so
 * racing invitations cannot both get through.
 */
export async function takeConsentRequest(
  store: Store,
  identity: string,
  now: number,
  windowMs: number,
): Promise<boolean> {
  try {
    await store.doc.send(
      new UpdateCommand({
        TableName: store.tableName,
        Key: consentAskedKey(identityHash(identity)),
        UpdateExpression: 'SET askedAt = :now, entity = :entity',
        ConditionExpression: 'attribute_not_exists(askedAt) OR askedAt <= :since',
        ExpressionAttributeValues: { ':now': now, ':since': now - windowMs, ':entity': 'ConsentAsked' },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

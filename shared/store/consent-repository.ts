import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { comparableAddress, hasTag, mailboxOf } from '../model/email-address.ts';
import { identityHash } from '../util/hash.ts';
import { identityItemSchema, type IdentityRecord } from './entities/identity.ts';
import { parseItem } from './entities/parse-item.ts';
import { ENTITY, identityKey } from './keys.ts';
import { deleteIf, isConditionFailure, type Store, updateIf } from './store.ts';

export interface IdentityClaim {
  pairId: string;
  partnerId: string;
}

/**
 * An address is one identity whatever its case (a partner's claim is made lower-case, an
 * unsubscribe link gives the address as it was written): the same record, so an opt-out holds.
 */
const keyOf = (identity: string) =>
  identityKey(identityHash(identity.includes('@') ? comparableAddress(identity) : identity));

/**
 * An opt-out of an address is also kept on its mailbox's record (without a `+tag`), and read
 * from there for every spelling of it: a `+tag` reaches the same inbox, so an unsubscribe at
 * `sam@` (or `sam+kept@`) must not let an invitation through to `sam+again@`. So is the last
 * consent request (takeConsentRequest): a loop of invitations under new +tags would otherwise
 * reach one inbox again and again. Claims stay per address. Null for a number, or an address
 * that is its own mailbox.
 */
function mailboxKeyOf(identity: string) {
  return identity.includes('@') && hasTag(identity) ? keyOf(mailboxOf(identity)) : null;
}

/** The record of a tagged address's mailbox (see mailboxKeyOf), if any. */
async function mailboxRecord(store: Store, identity: string): Promise<IdentityRecord | undefined> {
  const key = mailboxKeyOf(identity);
  if (!key) return undefined;
  const { Item } = await store.doc.send(new GetCommand({ TableName: store.tableName, Key: key, ConsistentRead: true }));
  return Item ? parseItem(ENTITY.identity, identityItemSchema, Item) : undefined;
}

/** The opt-out kept on the mailbox of a tagged address, if any. */
async function mailboxOptOut(store: Store, identity: string): Promise<IdentityRecord | undefined> {
  const record = await mailboxRecord(store, identity);
  return record?.optedOutAt === undefined ? undefined : record;
}

/**
 * Claims a number or address for one partner of one pair: only if no pair holds it, it is
 * already this partner's, or it is held by exactly `replacing` (a holder who is gone).
 * Returns the claim in the way, or, when claimed, whether the number has opted out.
 */
export async function putIdentityClaim(
  store: Store,
  identity: string,
  claim: IdentityClaim,
  replacing?: IdentityClaim,
): Promise<{ blocker: IdentityClaim } | { blocker: null; optedOut: boolean }> {
  try {
    const result = await store.doc.send(
      new UpdateCommand({
        TableName: store.tableName,
        Key: keyOf(identity),
        UpdateExpression: 'SET pairId = :pair, partnerId = :partner, entity = :entity',
        ConditionExpression: replacing
          ? 'pairId = :oldPair AND partnerId = :oldPartner'
          : 'attribute_not_exists(pairId) OR (pairId = :pair AND partnerId = :partner)',
        ExpressionAttributeValues: {
          ':pair': claim.pairId,
          ':partner': claim.partnerId,
          ':entity': ENTITY.identity,
          ...(replacing ? { ':oldPair': replacing.pairId, ':oldPartner': replacing.partnerId } : {}),
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return {
      blocker: null,
      optedOut:
        parseItem(ENTITY.identity, identityItemSchema, result.Attributes ?? {}).optedOutAt !== undefined ||
        (await mailboxOptOut(store, identity)) !== undefined,
    };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const record = await getIdentityRecord(store, identity);
    return {
      blocker:
        record?.pairId && record.partnerId
          ? { pairId: record.pairId, partnerId: record.partnerId }
          : (replacing ?? claim),
    };
  }
}

/**
 * What is recorded for a number or address: its claim, opt-out and last consent request; a
 * tagged address counts as opted out, and as asked, when its mailbox is (mailboxKeyOf).
 */
export async function getIdentityRecord(store: Store, identity: string): Promise<IdentityRecord | undefined> {
  const result = await store.doc.send(
    new GetCommand({ TableName: store.tableName, Key: keyOf(identity), ConsistentRead: true }),
  );
  const record = result.Item ? parseItem(ENTITY.identity, identityItemSchema, result.Item) : undefined;
  const mailbox = await mailboxRecord(store, identity);
  if (!mailbox) return record;
  const optOut = record?.optedOutAt === undefined && mailbox.optedOutAt !== undefined;
  const asked = mailbox.askedAt !== undefined && (record?.askedAt ?? Number.NEGATIVE_INFINITY) < mailbox.askedAt;
  if (!optOut && !asked) return record;
  return {
    ...record,
    ...(optOut ? { optedOutAt: mailbox.optedOutAt, optOutWords: mailbox.optOutWords } : {}),
    ...(asked ? { askedAt: mailbox.askedAt } : {}),
  };
}

/**
 * Releases a claim, only if it is still this partner's. The opt-out and consent history stay;
 * a record with nothing else in it goes, so a refused plan leaves the table as it was.
 */
export async function deleteIdentityClaim(store: Store, identity: string, claim: IdentityClaim): Promise<void> {
  const values = { ':pair': claim.pairId, ':partner': claim.partnerId };
  const deleted = await deleteIf(store, {
    Key: keyOf(identity),
    ConditionExpression:
      'pairId = :pair AND partnerId = :partner AND attribute_not_exists(optedOutAt) AND attribute_not_exists(askedAt)',
    ExpressionAttributeValues: values,
  });
  if (deleted) return;
  await updateIf(store, {
    Key: keyOf(identity),
    UpdateExpression: 'REMOVE pairId, partnerId',
    ConditionExpression: 'pairId = :pair AND partnerId = :partner',
    ExpressionAttributeValues: values,
  });
}

/**
 * Records (or lifts) a number's or address's opt-out; the words and time are the evidence. An
 * address's opt-out is recorded on its mailbox too (mailboxKeyOf); lifting one (never done for
 * an address today) lifts only that spelling's.
 */
export async function putOptOut(
  store: Store,
  identity: string,
  optedOut: boolean,
  evidence: { at: string; words: string },
): Promise<void> {
  const mailbox = optedOut ? mailboxKeyOf(identity) : null;
  for (const key of mailbox ? [keyOf(identity), mailbox] : [keyOf(identity)])
    await writeOptOut(store, key, optedOut, evidence);
}

async function writeOptOut(
  store: Store,
  key: ReturnType<typeof keyOf>,
  optedOut: boolean,
  evidence: { at: string; words: string },
): Promise<void> {
  await store.doc.send(
    new UpdateCommand({
      TableName: store.tableName,
      Key: key,
      ...(optedOut
        ? {
            UpdateExpression: 'SET optedOutAt = :at, optOutWords = :words, entity = :entity',
            ExpressionAttributeValues: { ':at': evidence.at, ':words': evidence.words, ':entity': ENTITY.identity },
          }
        : {
            // An update makes the item when there is none: it gets its entity tag too.
            UpdateExpression: 'SET entity = :entity REMOVE optedOutAt, optOutWords',
            ExpressionAttributeValues: { ':entity': ENTITY.identity },
          }),
    }),
  );
}

export async function isOptedOut(store: Store, identity: string): Promise<boolean> {
  return (await getIdentityRecord(store, identity))?.optedOutAt !== undefined;
}

/**
 * Takes the one consent request a number or address may get per `windowMs`, never after it
 * opted out: true (and recorded) or false. One conditional write (on the mailbox's record for
 * a tagged address: every +tag of it shares the window), so racing invitations cannot both get through.
 */
export async function takeConsentRequest(
  store: Store,
  identity: string,
  now: number,
  windowMs: number,
): Promise<boolean> {
  const mailbox = mailboxKeyOf(identity);
  if (mailbox) {
    // A tagged address is taken on its mailbox's record; its own record may still hold an
    // opt-out or a request from before they were kept there.
    const own = await getIdentityRecord(store, identity);
    if (own?.optedOutAt !== undefined || (own?.askedAt !== undefined && own.askedAt > now - windowMs)) return false;
  }
  return updateIf(store, {
    Key: mailbox ?? keyOf(identity),
    UpdateExpression: 'SET askedAt = :now, entity = :entity',
    ConditionExpression: 'attribute_not_exists(optedOutAt) AND (attribute_not_exists(askedAt) OR askedAt <= :since)',
    ExpressionAttributeValues: { ':now': now, ':since': now - windowMs, ':entity': ENTITY.identity },
  });
}

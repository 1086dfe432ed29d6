import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ConsentEvent } from '../model/partner-state.ts';
import { consentRecordItem } from './entities/identity.ts';
import { pairPk } from './keys.ts';
import { queryPairPrefix } from './query-all.ts';
import type { Store } from './store.ts';
import { identityHash } from '../util/hash.ts';

type Item = Record<string, unknown>;

/** A delivery, message, text or check-in that is this partner's own (sent to, received from, or owned by them). */
export const isPartnersOwn = (item: Item, partnerId: string) =>
  item.recipientId === partnerId || item.partnerId === partnerId || item.ownerId === partnerId;

/** Deletes a pair's items under these sort-key prefixes that `matches` picks (all, by default). */
export async function deletePairItems(
  store: Store,
  pairId: string,
  prefixes: string[],
  matches: (item: Item) => boolean = () => true,
): Promise<number> {
  let deleted = 0;
  for (const prefix of prefixes) {
    for (const item of await queryPairPrefix(store, pairPk(pairId), prefix)) {
      if (!matches(item)) continue;
      await store.doc.send(new DeleteCommand({ TableName: store.tableName, Key: { PK: item.PK, SK: item.SK } }));
      deleted++;
    }
  }
  return deleted;
}

/**
 * What is kept of an erased account: its consent history, under a hash of the number or
 * address, until `years` have passed (then TTL drops it).
 */
export async function putConsentRecord(
  store: Store,
  identity: string,
  consentLog: ConsentEvent[],
  at: number,
  years: number,
): Promise<void> {
  await store.doc.send(
    new PutCommand({
      TableName: store.tableName,
      Item: consentRecordItem(identityHash(identity), consentLog, at, years * 365 * 86_400_000),
    }),
  );
}

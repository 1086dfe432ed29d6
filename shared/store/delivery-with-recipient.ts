import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import type { CheckIn } from '../model/checkin.ts';
import type { PartnerRecord } from '../model/partner-state.ts';
import { checkInFromItem } from './checkin-repository.ts';
import { type Delivery, type DeliveryRef, deliveryFromItem, getDelivery } from './delivery-repository.ts';
import { checkInItemKey } from './entities/checkin.ts';
import { deliveryItemKey } from './entities/delivery.ts';
import { partnerKey as partnerItemKey } from './entities/partner.ts';
import { getPartner, partnerFromItem } from './partner-repository.ts';
import type { Store } from './store.ts';

/**
 * A delivery and its recipient (and the check-ins the queue message names), read consistently,
 * in one request when the queue message names the recipient (queueRef does): a BatchGet instead of Gets on
 * the sender's critical path. `partner` is undefined when the recipient was not named or the
 * delivery turned out to be for someone else; the caller reads it then.
 */
export async function getDeliveryAndRecipient(
  store: Store,
  ref: DeliveryRef,
): Promise<{ delivery: Delivery | null; partner?: PartnerRecord | null; checkIns?: KnownCheckIns }> {
  if (!ref.recipientId) return { delivery: await getDelivery(store, ref) };
  const deliveryKey = deliveryItemKey(ref.pairId, ref.deliveryKey);
  const partnerKey = partnerItemKey(ref.pairId, ref.recipientId);
  const checkInKeys = (ref.checkInKeys ?? []).map((checkInKey) => checkInItemKey({ pairId: ref.pairId, checkInKey }));
  const result = await store.doc.send(
    new BatchGetCommand({
      RequestItems: {
        [store.tableName]: { Keys: [deliveryKey, partnerKey, ...checkInKeys], ConsistentRead: true },
      },
    }),
  );
  const items = result.Responses?.[store.tableName] ?? [];
  store.reads.record(items.length);
  const unprocessed = result.UnprocessedKeys?.[store.tableName]?.Keys ?? [];
  // Rare (throttling or size): read what was left one by one.
  const deliveryItem = items.find((item) => item.SK === deliveryKey.SK);
  const delivery = deliveryItem
    ? deliveryFromItem(deliveryItem)
    : unprocessed.some((key) => key.SK === deliveryKey.SK)
      ? await getDelivery(store, ref)
      : null;
  if (!delivery || delivery.recipientId !== ref.recipientId) return { delivery };
  const partnerItem = items.find((item) => item.SK === partnerKey.SK);
  const partner = partnerItem
    ? partnerFromItem(partnerItem)
    : unprocessed.some((key) => key.SK === partnerKey.SK)
      ? await getPartner(store, ref.pairId, ref.recipientId)
      : null;
  // Check-ins left unprocessed stay unknown: whoever needs one reads it.
  const checkIns = new Map<string, CheckIn | null>();
  for (const { SK } of checkInKeys) {
    const item = items.find((found) => found.SK === SK);
    if (item) checkIns.set(SK, checkInFromItem(item));
    else if (!unprocessed.some((key) => key.SK === SK)) checkIns.set(SK, null);
  }
  return { delivery, partner, checkIns };
}

/** Check-ins read with a delivery, by key: null when there is none, absent when not read. */
export type KnownCheckIns = ReadonlyMap<string, CheckIn | null>;

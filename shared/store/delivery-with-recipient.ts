import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import type { PartnerRecord } from '../model/partner-state.ts';
import { type Delivery, type DeliveryRef, deliveryFromItem, getDelivery } from './delivery-repository.ts';
import { deliveryItemKey } from './entities/delivery.ts';
import { partnerKey as partnerItemKey } from './entities/partner.ts';
import { getPartner, partnerFromItem } from './partner-repository.ts';
import type { Store } from './store.ts';

/**
 * A delivery and its recipient, both read consistently, in one request when the queue message
 * names the recipient (the tick and the reply planner do): a BatchGet instead of two Gets on
 * the sender's critical path. `partner` is undefined when the recipient was not named or the
 * delivery turned out to be for someone else; the caller reads it then.
 */
export async function getDeliveryAndRecipient(
  store: Store,
  ref: DeliveryRef,
): Promise<{ delivery: Delivery | null; partner?: PartnerRecord | null }> {
  if (!ref.recipientId) return { delivery: await getDelivery(store, ref) };
  const deliveryKey = deliveryItemKey(ref.pairId, ref.deliveryKey);
  const partnerKey = partnerItemKey(ref.pairId, ref.recipientId);
  const result = await store.doc.send(
    new BatchGetCommand({
      RequestItems: { [store.tableName]: { Keys: [deliveryKey, partnerKey], ConsistentRead: true } },
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
  return { delivery, partner };
}

import type { Delivery } from '../store/delivery-repository.ts';
import type { Store } from '../store/store.ts';
import { getAgreement } from '../store/supporter-repository.ts';
import { awaitsSupporter, isPendingFor } from './agreement.ts';
import { supporterIdOf } from './supporter-recipient.ts';

/**
 * A request still worth sending: its request is the current one and still waits for this
 * partner (not answered, withdrawn with SUPPORTER OFF, dropped from the plan, or run out).
 */
export async function supporterRequestOvertaken(store: Store, delivery: Delivery, now: number): Promise<string | null> {
  const [supporterId, requestId] = delivery.refs;
  const agreement = supporterId ? await getAgreement(store, delivery.pairId, supporterId) : null;
  if (!agreement || agreement.requestId !== requestId) return 'the supporter request was withdrawn';
  return isPendingFor(agreement, delivery.recipientId, now) ? null : 'the supporter request no longer waits for them';
}

/** The supporter's confirmation is asked only while both partners' agreement stands. */
export async function supporterConfirmOvertaken(store: Store, delivery: Delivery, now: number): Promise<string | null> {
  const supporterId = supporterIdOf(delivery.recipientId);
  const agreement = supporterId ? await getAgreement(store, delivery.pairId, supporterId) : null;
  if (!agreement || agreement.requestId !== delivery.refs[0]) return 'the supporter request was withdrawn';
  return awaitsSupporter(agreement, now) ? null : 'the supporter request no longer waits for the supporter';
}

import type { MessageKind } from '../model/message.ts';
import type { Delivery } from '../store/delivery-repository.ts';
import { getCheckIn } from '../store/checkin-repository.ts';
import { checkInSk } from '../store/keys.ts';
import type { KnownCheckIns } from '../store/delivery-with-recipient.ts';
import type { Store } from '../store/store.ts';
import { supporterConfirmOvertaken, supporterRequestOvertaken } from '../supporters/supporter-overtaken.ts';

/** Why a message that was true when planned is no longer worth sending (null: it still is). */
type Overtaken = (store: Store, delivery: Delivery, now: number, known?: KnownCheckIns) => Promise<string | null>;

/** The check-in the message is about, as read with the delivery, or read now. */
const checkInOf = (store: Store, delivery: Delivery, known?: KnownCheckIns) => {
  const key = checkInSk(delivery.aboutAt ?? delivery.occurrenceAt, delivery.refs[0]!);
  return known?.has(key) ? Promise.resolve(known.get(key)!) : getCheckIn(store, delivery.pairId, key);
};

/** Per kind; a kind not listed is always still worth sending. */
const RULES: Partial<Record<MessageKind, Overtaken>> = {
  // A shared ritual already logged as done by the other partner needs no second prompt.
  'ritual-checkin': async (store, delivery, _now, known) =>
    (await checkInOf(store, delivery, known))?.status === 'kept' ? 'the other partner already logged it as done' : null,
  // A kept notice whose answer changed since (it waits for the answer to settle) would announce what is no longer true.
  'kept-notice': async (store, delivery, _now, known) => {
    const existing = await checkInOf(store, delivery, known);
    return existing && existing.status !== 'kept' ? 'the answer changed before the notice went out' : null;
  },
  'supporter-request': supporterRequestOvertaken,
  'supporter-confirm': supporterConfirmOvertaken,
};

export function overtaken(
  store: Store,
  delivery: Delivery,
  now: number,
  known?: KnownCheckIns,
): Promise<string | null> {
  return RULES[delivery.kind]?.(store, delivery, now, known) ?? Promise.resolve(null);
}

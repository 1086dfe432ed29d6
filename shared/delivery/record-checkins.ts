import type { PartnerRecord } from '../model/partner-state.ts';
import { promptUpdate, recordPrompt } from '../store/checkin-repository.ts';
import type { Delivery } from '../store/delivery-repository.ts';
import type { KnownCheckIns } from '../store/delivery-with-recipient.ts';
import { checkInSk } from '../store/keys.ts';
import { numberingUpdate, setNumbering } from '../store/partner-repository.ts';
import type { Store } from '../store/store.ts';
import { type GroupWrite, WritesCancelledError, writeTogether } from '../store/write-together.ts';
import { CHECKIN_KINDS } from './compose-message.ts';

const promptOf = (delivery: Delivery, i: number, status: 'open' | 'paused' | 'expired') => ({
  pairId: delivery.pairId,
  ref: delivery.refs[i]!,
  title: delivery.titles?.[i] ?? delivery.refs[i]!,
  ownerId: delivery.kind === 'ritual-checkin' ? 'both' : delivery.recipientId,
  occurrenceAt: delivery.aboutAt ?? delivery.occurrenceAt,
  status,
});

/**
 * A check-in message opens one check-in per promise it asks about (before it is sent, so an
 * answer always finds it); a paused or expired one records that instead. Idempotent.
 * Returns false for messages that are not check-ins.
 */
export async function recordCheckIns(
  store: Store,
  delivery: Delivery,
  status: 'open' | 'paused' | 'expired',
  now: number,
): Promise<boolean> {
  if (!CHECKIN_KINDS.has(delivery.kind)) return false;
  for (const i of delivery.refs.keys())
    await recordPrompt(store, promptOf(delivery, i, status), delivery.recipientId, now);
  return true;
}

/**
 * Opens the check-ins a check-in message asks about and remembers their numbering for the
 * recipient's answer ("1Y 2N"). With the check-ins just read (`known`), in one write: each
 * created or stamped by what the read found, and the numbering, together; when a condition no
 * longer holds (the other partner of a shared ritual was asked meanwhile), or they were not
 * read, step by step, each step idempotent. Returns false for messages that are not check-ins.
 */
export async function openCheckIns(
  store: Store,
  delivery: Delivery,
  recipient: PartnerRecord,
  known: KnownCheckIns | undefined,
  now: number,
): Promise<boolean> {
  if (!CHECKIN_KINDS.has(delivery.kind)) return false;
  const keys = delivery.refs.map((ref) => checkInSk(delivery.aboutAt ?? delivery.occurrenceAt, ref));
  if (keys.every((key) => known?.has(key))) {
    const writes: GroupWrite[] = [];
    for (const [i, key] of keys.entries()) {
      const update = promptUpdate(promptOf(delivery, i, 'open'), known!.get(key)!, delivery.recipientId, now);
      if (update) writes.push({ Update: update });
    }
    writes.push({ Update: numberingUpdate(recipient, keys, now) });
    try {
      await writeTogether(store, writes);
      return true;
    } catch (error) {
      if (!(error instanceof WritesCancelledError)) throw error;
    }
  }
  await recordCheckIns(store, delivery, 'open', now);
  await setNumbering(store, recipient, keys, now);
  return true;
}

import type { ChannelSet } from '../channels/channel.ts';
import type { ChannelName, OutboundMessage } from '../model/message.ts';
import { type DeliveryRef, finishDelivery, finishDeliveryUpdate } from '../store/delivery-repository.ts';
import { type LoggedMessage, logMessage, messageLogPuts } from '../store/message-repository.ts';
import type { Store } from '../store/store.ts';
import { updateIf } from '../store/store.ts';
import { type GroupWrite, WritesCancelledError, writeTogether } from '../store/write-together.ts';

const logged = (message: OutboundMessage, transport: string, providerId: string, now: number): LoggedMessage => ({
  ...message,
  sentAt: new Date(now).toISOString(),
  transport,
  providerId,
});

/** The log entry (and provider pointer) of a message, as writes of a group. */
const logWrites = (message: LoggedMessage): GroupWrite[] =>
  messageLogPuts(message)
    .filter((put) => put !== undefined)
    .reverse() // the pointer first, as logMessage writes them
    .map((put) => ({ Put: put }));

/**
 * Logs the last message sent and moves the delivery to `sent`, in one write where the store has
 * transactions; otherwise (or when a condition fails: logged by an earlier attempt, finished by
 * another sender) step by step, the log first. Returns false when the delivery was no longer planned.
 */
export async function recordSent(
  store: Store,
  ref: DeliveryRef,
  last: { message: OutboundMessage; channel: ChannelName; transport: string; providerId: string } | undefined,
  now: number,
): Promise<boolean> {
  const finish = finishDeliveryUpdate(ref, 'sent', now, { sentChannel: last?.channel });
  if (!last) return updateIf(store, finish);
  const entry = logged(last.message, last.transport, last.providerId, now);
  const writes = [...logWrites(entry), { Update: finish }];
  try {
    await writeTogether(store, writes);
    return true;
  } catch (error) {
    if (!(error instanceof WritesCancelledError)) throw error;
    if (error.applied === writes.length - 1) return false; // one by one: logged, then another sender had finished it
    await logMessage(store, entry);
    return finishDelivery(store, ref, 'sent', now, { sentChannel: last.channel });
  }
}

/**
 * For a transport that is itself a store write (the outbox), on a delivery's first attempt: the
 * hand-over, the log entry and the final status in one write. Returns false when that did not
 * happen whole (a condition failed: an earlier attempt got partway), and the caller then goes
 * step by step, where every step is idempotent.
 */
export async function handOffAndRecord(
  store: Store,
  channels: ChannelSet,
  ref: DeliveryRef,
  message: OutboundMessage,
  now: number,
): Promise<boolean> {
  const channel = channels[message.channel];
  const handOff = channel.handOffWrite?.(message, now);
  if (!handOff) return false;
  const entry = logged(message, channel.transport, handOff.providerId, now);
  const finish = finishDeliveryUpdate(ref, 'sent', now, { sentChannel: message.channel });
  try {
    await writeTogether(store, [handOff.write, ...logWrites(entry), { Update: finish }]);
    handOff.handedOver();
    return true;
  } catch (error) {
    if (!(error instanceof WritesCancelledError)) throw error;
    if (error.applied > 0) handOff.handedOver(); // one by one, the hand-over itself took effect
    return false;
  }
}

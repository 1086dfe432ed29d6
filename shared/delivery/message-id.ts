import type { ChannelName } from '../model/message.ts';
import { SK_PREFIX } from '../store/keys.ts';
import type { DeliveryRef } from '../store/delivery-repository.ts';

/**
 * The stable id of one delivery's message on one channel: `<pair>/<occurrence>#<schedule>/<channel>`.
 * The same on every retry, so it serves as the idempotency key and, tagged on an email, leads
 * a provider's event back to its delivery.
 */
export const messageIdFor = (ref: DeliveryRef, channel: ChannelName) =>
  `${ref.pairId}/${ref.deliveryKey.slice(SK_PREFIX.delivery.length)}/${channel}`;

/** The delivery and channel a message id was made for, or null for anything else. */
export function refFromMessageId(id: string): (DeliveryRef & { channel: ChannelName }) | null {
  const first = id.indexOf('/');
  const last = id.lastIndexOf('/');
  const channel = id.slice(last + 1);
  if (first <= 0 || last <= first || (channel !== 'sms' && channel !== 'email')) return null;
  return { pairId: id.slice(0, first), deliveryKey: `${SK_PREFIX.delivery}${id.slice(first + 1, last)}`, channel };
}

/** An SES tag value may hold only letters, digits, '_' and '-': base64url fits. */
export const deliveryTag = (messageId: string) => Buffer.from(messageId, 'utf8').toString('base64url');
export const messageIdFromTag = (tag: string) => Buffer.from(tag, 'base64url').toString('utf8');

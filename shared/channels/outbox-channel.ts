import type { OutboundMessage } from '../model/message.ts';
import { outboxEntryPut, putOutboxEntry } from '../store/message-repository.ts';
import type { Store } from '../store/store.ts';
import type { Channel, ChannelSet, HandOffWrite, SendResult } from './channel.ts';

/**
 * Whether every message stays on this machine (both channels are the local outbox): then no one
 * can be texted or emailed, so sign-up by an unknown number and a plan's `consent: confirmed`
 * (for partners and supporters) are harmless. With a real provider, neither is allowed.
 */
export const isOutboxOnly = (channels: ChannelSet) =>
  channels.sms.transport === 'outbox' && channels.email.transport === 'outbox';

/** The provider id the outbox gives a message: its own key. */
export const outboxProviderId = (message: OutboundMessage) => `outbox:${message.id}`;

export type OutboxListener = (message: OutboundMessage, at: number) => void;

/**
 * The local default: messages are stored (and shown on /outbox) instead of leaving the
 * machine. Idempotent by message id, so a retry after a crash never shows a message twice.
 */
export class OutboxChannel implements Channel {
  readonly transport = 'outbox';
  readonly idempotent = true;
  private readonly listeners: OutboxListener[] = [];

  constructor(private readonly store: Store) {}

  onMessage(listener: OutboxListener): void {
    this.listeners.push(listener);
  }

  async send(message: OutboundMessage, now: number): Promise<SendResult> {
    const created = await putOutboxEntry(this.store, message, now);
    if (created) this.announce(message, now);
    return { providerId: outboxProviderId(message), duplicate: !created };
  }

  handOffWrite(message: OutboundMessage, now: number): HandOffWrite {
    return {
      write: { Put: outboxEntryPut(message, now) },
      providerId: outboxProviderId(message),
      handedOver: () => this.announce(message, now),
    };
  }

  private announce(message: OutboundMessage, now: number): void {
    for (const listener of this.listeners) listener(message, now);
  }
}

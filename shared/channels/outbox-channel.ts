import type { OutboundMessage } from '../model/message.ts';
import { putOutboxEntry } from '../store/message-repository.ts';
import type { Store } from '../store/store.ts';
import type { Channel, SendResult } from './channel.ts';

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
    if (created) for (const listener of this.listeners) listener(message, now);
    return { providerId: `outbox:${message.id}`, duplicate: !created };
  }
}

import type { ChannelName, OutboundMessage } from '../model/message.ts';

export interface SendResult {
  /** The provider's id for the message (Twilio's SID, SES's MessageId, the outbox key). */
  providerId: string;
  /** True when this message id had already been accepted (a retry after a crash). */
  duplicate: boolean;
}

/** A permanent refusal (bad number, opted out at the carrier): retrying will not help. */
export class PermanentChannelError extends Error {
  readonly code: string;
  constructor(message: string, code: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentChannelError';
    this.code = code;
  }
}

/** A passing failure (throttling, 5xx, a timeout): the message is retried later. */
export class TransientChannelError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransientChannelError';
  }
}

/** Hands one message to a transport. `message.id` is stable across retries. */
export interface Channel {
  readonly transport: string;
  send(message: OutboundMessage, now: number): Promise<SendResult>;
  /**
   * For providers without idempotency keys: after an attempt whose outcome is unknown, finds
   * the message if the provider did accept it, so that a retry does not send it twice.
   */
  findSent?(message: OutboundMessage, since: number): Promise<SendResult | null>;
}

/** Which transport carries each channel (sms, email) in this runtime. */
export type ChannelSet = Record<ChannelName, Channel>;

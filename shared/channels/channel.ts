import type { ChannelName, OutboundMessage } from '../model/message.ts';
import type { GroupWrite } from '../store/write-together.ts';
import type { RefusalSide } from './refusals.ts';

export interface SendResult {
  /** The provider's id for the message (Twilio's SID, SES's MessageId, the outbox key). */
  providerId: string;
  /** True when this message id had already been accepted (a retry after a crash). */
  duplicate: boolean;
}

/**
 * The provider answered and did not take the message. `side` (from the table in refusals.ts)
 * says whose to fix: the recipient's (their number or address), ours or the account's, or
 * throttling. Nothing went out, so it is never recorded as sent.
 */
export class ChannelRefusal extends Error {
  readonly code: string;
  readonly side: RefusalSide;
  constructor(message: string, code: string, side: RefusalSide, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ChannelRefusal';
    this.code = code;
    this.side = side;
  }
}

/** A recipient-side refusal (bad number, opted out at the carrier): retrying will not help. */
export class PermanentChannelError extends ChannelRefusal {
  constructor(message: string, code: string, options?: { cause?: unknown }) {
    super(message, code, 'recipient', options);
    this.name = 'PermanentChannelError';
  }
}

/**
 * A passing failure (5xx, a timeout): whether the provider took the message is unknown, so
 * the next attempt looks for it first. `inFlight`: the request may still be under way at the
 * provider (a timeout), so nobody looks before the claim has run out.
 */
export class TransientChannelError extends Error {
  readonly inFlight: boolean;
  constructor(message: string, options?: { cause?: unknown; inFlight?: boolean }) {
    super(message, options);
    this.name = 'TransientChannelError';
    this.inFlight = options?.inFlight ?? false;
  }
}

/** What a provider knows about an attempt whose outcome Kept did not learn. */
export type Reconciliation =
  | { found: SendResult }
  /** Not there: safe to send. */
  | { absent: true }
  /** Not known yet (SES tells through events, later): ask again at `until`. */
  | { pendingUntil: number };

/** Hands one message to a transport. `message.id` is stable across retries. */
export interface Channel {
  readonly transport: string;
  /**
   * The transport itself takes each message id once (the outbox): no claim is needed, and
   * concurrent senders simply meet in it. Providers without idempotency keys leave this unset.
   */
  readonly idempotent?: boolean;
  send(message: OutboundMessage, now: number): Promise<SendResult>;
  /**
   * For providers without idempotency keys: after an attempt whose outcome is unknown (begun
   * at `since`), finds the message if the provider did accept it, so that a retry does not
   * send it twice. Without it, the channel is idempotent by message id itself (the outbox).
   */
  reconcile?(message: OutboundMessage, since: number, now: number): Promise<Reconciliation>;
  /**
   * A transport that is itself a store write (the outbox): the write that hands the message
   * over, so the sender can make it together with the log entry and the delivery's final
   * status, and `handedOver` to call once it took effect. Providers leave this unset.
   */
  handOffWrite?(message: OutboundMessage, now: number): HandOffWrite;
}

/** A hand-over that is a store write: the write, the provider id it gives, and what to do once it took effect. */
export interface HandOffWrite {
  write: Extract<GroupWrite, { Put: unknown }>;
  providerId: string;
  handedOver(): void;
}

/** Which transport carries each channel (sms, email) in this runtime. */
export type ChannelSet = Record<ChannelName, Channel>;

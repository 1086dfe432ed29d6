/** Kinds of outbound message; the names are part of the public output of `kept simulate`. */
export const MESSAGE_KINDS = [
  'consent-request',
  'ritual-reminder',
  'reminder',
  'checkin',
  'affirmation',
  'ritual-checkin',
  'reply',
  'kept-notice',
  'thanks-notice',
  'summary',
  'sign-in-code',
  'conversation-prompt',
  'conversation-reveal',
  'welcome',
  'repair-note',
  'pulse-question',
  'supporter-summary',
  'supporter-removed',
  'supporter-request',
  'supporter-confirm',
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export type ChannelName = 'sms' | 'email';

/**
 * Kinds that are pointless once stale: more than MAX_LATENESS late they are recorded as
 * expired. A summary too: after long downtime, better skip a week than mail it at 3 a.m.
 */
export const EXPIRING_KINDS: ReadonlySet<MessageKind> = new Set([
  'ritual-reminder',
  'reminder',
  'checkin',
  'affirmation',
  'ritual-checkin',
  'kept-notice',
  'summary',
  'conversation-prompt',
  'supporter-summary',
]);

/** Kinds that PAUSE holds back (logged as paused, never as missed). */
export const PAUSABLE_KINDS: ReadonlySet<MessageKind> = new Set([
  'ritual-reminder',
  'reminder',
  'checkin',
  'affirmation',
  'ritual-checkin',
  'kept-notice',
  'conversation-prompt',
  'repair-note',
  'pulse-question',
]);

/** Kinds that ask their recipient for consent: sent only while it is pending (never twice, never after a no). */
export const ASKS_FOR_CONSENT: ReadonlySet<MessageKind> = new Set(['consent-request', 'supporter-confirm']);

export const MAX_LATENESS_MS = 2 * 60 * 60_000;
export const STALE_REASON = 'more than 2 hours late';

/** A message of this kind meant to go at `fireAt` is no longer worth sending at `now`. */
export const isStale = (kind: MessageKind, fireAt: number, now: number) =>
  EXPIRING_KINDS.has(kind) && now - fireAt > MAX_LATENESS_MS;

/** One message handed to a channel. `id` is stable across retries (the idempotency key). */
export interface OutboundMessage {
  id: string;
  pairId: string;
  recipientId: string;
  channel: ChannelName;
  to: string;
  kind: MessageKind;
  body: string;
  subject?: string;
  /** A ready HTML fragment for email (escaped by its renderer); otherwise made from `body`. */
  html?: string;
  dueAt: number;
}

import { isStale, type MessageKind } from '../model/message.ts';

/** The tick runs each minute, so a retry sooner than that would wait for it anyway. */
export const RETRY_BASE_MS = 60_000;
export const RETRY_CAP_MS = 30 * 60_000;
/** For kinds that never go stale (a reply, a consent request): give up after this many tries. */
export const MAX_TRIES = 6;

/**
 * When to try again after the `tries`-th refusal or throttling: exponential back-off with
 * jitter (between half and all of the step, so senders refused together spread out), or null
 * when that would break the staleness rule or the tries are used up: the delivery fails then.
 */
export function nextRetryAt(
  delivery: { kind: MessageKind; fireAt: number },
  tries: number,
  now: number,
  random: () => number,
): number | null {
  if (tries >= MAX_TRIES) return null;
  const step = Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** (tries - 1));
  const at = now + Math.round(step / 2 + (random() * step) / 2);
  return isStale(delivery.kind, delivery.fireAt, at) ? null : at;
}

/**
 * How long a secret (and whatever was built from it: channels, routers) is trusted before it
 * is read again: a rotated Twilio token or link key takes effect within this, without waiting
 * for cold starts.
 */
export const SECRET_TTL_MS = 5 * 60_000;

/**
 * Builds a value and keeps it for `ttlMs`; the first call after that builds it again. A failed
 * build is never cached: the caller gets the last good value if there is one (a brief SSM
 * outage should not take the sender down) or the error, and the next call tries again.
 */
export function cachedFor<T>(ttlMs: number, build: () => Promise<T>, now = () => Date.now()): () => Promise<T> {
  let current: { value: Promise<T>; builtAt: number } | undefined;
  let lastGood: { value: T } | undefined;
  return () => {
    const at = now();
    if (!current || at - current.builtAt >= ttlMs) {
      const attempt = build().then(
        (value) => {
          lastGood = { value };
          return value;
        },
        (error: unknown) => {
          if (current?.value === attempt) current = undefined;
          if (lastGood) return lastGood.value;
          throw error;
        },
      );
      current = { value: attempt, builtAt: at };
    }
    return current.value;
  };
}

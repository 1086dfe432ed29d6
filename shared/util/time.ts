export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** ISO-8601 UTC to the second, the sortable form used in keys. */
export function isoMinute(ms: number): string {
  return new Date(Math.floor(ms / MINUTE_MS) * MINUTE_MS).toISOString().replace('.000Z', 'Z');
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

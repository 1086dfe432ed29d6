/**
 * Wall-clock time in IANA zones, computed with Intl only (no tz database of our own).
 *
 * The rule for times that do not exist or happen twice is RFC 5545's, which is also
 * Temporal's `disambiguation: 'compatible'`: a time in a spring-forward gap is shifted
 * forward by the length of the gap; a time in a fall-back overlap resolves to the
 * earlier instant.
 */

export interface LocalDateTime {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The en-US fields every zone's formatter writes (its zone aside). */
export const LOCAL_FIELDS_FORMAT: Intl.DateTimeFormatOptions = {
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
};

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { ...LOCAL_FIELDS_FORMAT, timeZone: zone });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** True when the runtime knows the IANA zone name. */
export function isKnownTimeZone(zone: string): boolean {
  if (!zone || zone.length > 64) return false;
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock fields of an instant in a zone (seconds dropped). */
export function toLocal(instantMs: number, zone: string): LocalDateTime {
  const offset = hourOffset(instantMs, zone);
  if (offset !== undefined) return fromFloatingMs(Math.floor(instantMs / MINUTE_MS) * MINUTE_MS + offset);
  const { second: _, ...local } = formatLocalFields(instantMs, zone);
  return local;
}

/** "month/day/year, hour:minute:second", as the en-US formatter above writes a date. */
const FORMATTED = /^(\d+)\/(\d+)\/(\d+), (\d+):(\d+):(\d+)$/;

/** The wall-clock fields (seconds too) read from Intl, uncached: the reference the memo below is tested against. */
export function formatLocalFields(instantMs: number, zone: string): LocalDateTime & { second: number } {
  const formatter = formatterFor(zone);
  const date = new Date(instantMs);
  // format() is the concatenation of formatToParts' values, and reading its one string is about
  // 2.5 times cheaper than the parts (each new hour of each zone costs two of these calls).
  // Anything not in the expected shape is read from the parts.
  const formatted = FORMATTED.exec(formatter.format(date));
  if (formatted) {
    const [, month, day, year, hour, minute, second] = formatted.map(Number) as number[];
    return { year: year!, month: month!, day: day!, hour: hour!, minute: minute!, second: second! };
  }
  return fieldsOfParts(formatter.formatToParts(date));
}

/** The wall-clock fields of a formatter's parts (the slower way, for any shape). */
export function fieldsOfParts(parts: Intl.DateTimeFormatPart[]): LocalDateTime & { second: number } {
  const field = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return {
    year: field('year'),
    month: field('month'),
    day: field('day'),
    hour: field('hour'),
    minute: field('minute'),
    second: field('second'),
  };
}

/** The zone's offset from UTC at an instant, in milliseconds (east positive). */
export function offsetAt(instantMs: number, zone: string): number {
  const local = toLocal(instantMs, zone);
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  const flooredInstant = Math.floor(instantMs / MINUTE_MS) * MINUTE_MS;
  return asUtc - flooredInstant;
}

/**
 * Offsets memoised per zone and UTC hour: Intl's formatToParts is the hot spot of planning
 * (four calls per candidate occurrence). An hour is cached only when its offset is a whole
 * number of minutes and the same at its first and last millisecond, so an hour holding a
 * transition (a :30 or :45 zone can change mid-hour) or a local-mean-time offset with seconds
 * is always computed exactly. `null` marks such an hour.
 */
const offsetsByZone = new Map<string, Map<number, number | null>>();
const MAX_HOURS_PER_ZONE = 200_000; // about 23 years of hours; then start again
const SECOND_MS = 1_000;
const HOUR_MS = 3_600_000;

function exactOffset(instantMs: number, zone: string): number {
  const l = formatLocalFields(instantMs, zone);
  // setUTCFullYear, not Date.UTC, which reads years 0-99 as 1900-1999.
  const local = new Date(0);
  local.setUTCFullYear(l.year, l.month - 1, l.day);
  local.setUTCHours(l.hour, l.minute, l.second, 0);
  return local.getTime() - Math.floor(instantMs / SECOND_MS) * SECOND_MS;
}

function hourOffset(instantMs: number, zone: string): number | undefined {
  const hour = Math.floor(instantMs / HOUR_MS);
  let hours = offsetsByZone.get(zone);
  if (!hours || hours.size >= MAX_HOURS_PER_ZONE) {
    hours = new Map();
    offsetsByZone.set(zone, hours);
  }
  let offset = hours.get(hour);
  if (offset === undefined) {
    const first = exactOffset(hour * HOUR_MS, zone);
    const last = exactOffset(hour * HOUR_MS + HOUR_MS - 1, zone);
    offset = first === last && first % MINUTE_MS === 0 ? first : null;
    hours.set(hour, offset);
  }
  return offset ?? undefined;
}

/** Milliseconds of a local date-time read as if it were UTC ("floating" time). */
export function floatingMs(local: LocalDateTime): number {
  return Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
}

export function fromFloatingMs(ms: number): LocalDateTime {
  const d = new Date(ms);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
  };
}

/**
 * The instant at which a local date-time happens in a zone, with 'compatible'
 * disambiguation (gap: shifted forward by the gap; overlap: the earlier instant).
 */
export function toInstant(local: LocalDateTime, zone: string): number {
  const floating = floatingMs(local);
  // Offsets a day either side bracket any single transition near this time.
  const offsetBefore = offsetAt(floating - DAY_MS, zone);
  const offsetAfter = offsetAt(floating + DAY_MS, zone);
  const candidates = [offsetBefore, offsetAfter]
    .map((offset) => floating - offset)
    .filter((instant) => floatingMs(toLocal(instant, zone)) === floating)
    .sort((a, b) => a - b);
  if (candidates.length > 0) return candidates[0]!;
  // In a gap: read the wall time with the offset in force before the transition.
  return floating - offsetBefore;
}

/** Local calendar date of an instant as YYYY-MM-DD. */
export function localDateString(instantMs: number, zone: string): string {
  const l = toLocal(instantMs, zone);
  return `${l.year}-${pad(l.month)}-${pad(l.day)}`;
}

/** Local wall time of an instant as "YYYY-MM-DD HH:MM". */
export function formatLocal(instantMs: number, zone: string): string {
  const l = toLocal(instantMs, zone);
  return `${l.year}-${pad(l.month)}-${pad(l.day)} ${pad(l.hour)}:${pad(l.minute)}`;
}

export function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Parses "HH:MM" (already validated) into minutes after midnight. */
export function parseClock(hhmm: string): { hour: number; minute: number } {
  const [h, m] = hhmm.split(':');
  return { hour: Number(h), minute: Number(m) };
}

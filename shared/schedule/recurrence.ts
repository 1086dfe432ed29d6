import * as rruleModule from 'rrule';
import type { Options as RRuleOptions } from 'rrule';
import { type CandidateSource, walkCandidates } from './candidate-blocks.ts';
import { fromFloatingMs, parseClock, toInstant } from './zoned-time.ts';

// rrule ships CommonJS for Node (its exports under `default`) and ESM for bundlers (named
// exports); take RRule from whichever was loaded. Read through Reflect: a static `.default` on
// the namespace makes esbuild warn, in every bundle, that it is always undefined in the ESM build.
const { RRule } = (Reflect.get(rruleModule, 'default') ?? rruleModule) as typeof rruleModule;

/** A recurring local wall-clock time: an RRULE for the dates, a time, and an IANA zone. */
export interface Recurrence {
  rule: string; // RFC 5545 RRULE value, without DTSTART
  at: string; // HH:MM local
  zone: string; // IANA zone
  start?: string; // YYYY-MM-DD; anchors INTERVAL and COUNT (default DEFAULT_START)
  offsetMinutes?: number; // added to each occurrence's instant (e.g. -30: thirty minutes before)
}

/** Rules are anchored to a fixed date so that re-applying a plan never moves them. */
export const DEFAULT_START = '2024-01-01';

const DAY_MS = 86_400_000;
/**
 * nextOccurrence looks this far ahead of its window start, and both it and occurrencesBetween
 * take at most MAX_PER_WINDOW candidates from the window start. (nextOccurrence once widened
 * its window in steps, 3, 40, 400 and 1900 days, each capped at 5,000 candidates: those were
 * prefixes of this window's candidates, so the first match is the same.)
 */
const SEARCH_WINDOW_DAYS = 1900;
const FIRST_WINDOW_DAYS = 3;
const MAX_PER_WINDOW = 5000;

const ALLOWED_FREQUENCIES = new Map<number, string>([
  [RRule.YEARLY, 'YEARLY'],
  [RRule.MONTHLY, 'MONTHLY'],
  [RRule.WEEKLY, 'WEEKLY'],
  [RRule.DAILY, 'DAILY'],
  [RRule.HOURLY, 'HOURLY'],
]);

export class InvalidRecurrenceError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InvalidRecurrenceError';
  }
}

/** Parses and checks an RRULE value; throws InvalidRecurrenceError with a user-facing message. */
export function parseRule(rule: string): Partial<RRuleOptions> {
  if (/[\r\n]/.test(rule) || /(^|;)\s*(DTSTART|TZID)\b/i.test(rule) || /^RRULE:/i.test(rule)) {
    throw new InvalidRecurrenceError(
      'give only the RRULE value (like "FREQ=DAILY"), without DTSTART, TZID or "RRULE:"',
    );
  }
  let options: Partial<RRuleOptions>;
  try {
    options = RRule.parseString(rule);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new InvalidRecurrenceError(`not a valid RRULE: ${detail}`, { cause: error });
  }
  const freq = rule.match(/(?:^|;)FREQ=([A-Z]+)/i)?.[1]?.toUpperCase();
  if (!freq || options.freq === undefined) {
    throw new InvalidRecurrenceError('FREQ is missing or unknown (use DAILY, WEEKLY, MONTHLY, YEARLY or HOURLY)');
  }
  if (!ALLOWED_FREQUENCIES.has(options.freq)) {
    throw new InvalidRecurrenceError(`FREQ=${freq} is more frequent than hourly; Kept is not a pager`);
  }
  if (options.bysecond != null || options.byminute != null) {
    throw new InvalidRecurrenceError('BYMINUTE and BYSECOND are not supported; set the time with "at"');
  }
  const ranges: Array<[keyof RRuleOptions, string, number, number]> = [
    ['byhour', 'BYHOUR', 0, 23],
    ['bymonth', 'BYMONTH', 1, 12],
    ['bymonthday', 'BYMONTHDAY', -31, 31],
    ['byyearday', 'BYYEARDAY', -366, 366],
    ['byweekno', 'BYWEEKNO', -53, 53],
    ['bysetpos', 'BYSETPOS', -366, 366],
  ];
  for (const [key, name, min, max] of ranges) {
    const values = [options[key]].flat().filter((v) => v !== undefined && v !== null) as number[];
    if (
      values.some((v) => typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max || (min < 0 && v === 0))
    ) {
      throw new InvalidRecurrenceError(
        `${name} values must be whole numbers from ${min} to ${max}${min < 0 ? ', not 0' : ''}`,
      );
    }
  }
  const byweekday = options.byweekday;
  if (Array.isArray(byweekday) && byweekday.some((day) => day === undefined || day === null)) {
    throw new InvalidRecurrenceError(
      'BYDAY has an unknown day (use MO TU WE TH FR SA SU, optionally with a number like 1MO or -1FR)',
    );
  }
  try {
    new RRule({ ...options, dtstart: new Date(0) });
  } catch (error) {
    throw new InvalidRecurrenceError(`not a valid RRULE: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  if (options.interval !== undefined && (options.interval < 1 || options.interval > 1000)) {
    throw new InvalidRecurrenceError('INTERVAL must be between 1 and 1000');
  }
  return options;
}

const parsedRules = new Map<string, Partial<RRuleOptions>>();

/** parseRule, remembered: the tick expands the same few rules over and over. */
function cachedOptions(rule: string): Partial<RRuleOptions> {
  let options = parsedRules.get(rule);
  if (!options) {
    options = parseRule(rule);
    if (parsedRules.size > 10_000) parsedRules.clear();
    parsedRules.set(rule, options);
  }
  return options;
}

/**
 * The rule's anchor moved forward by whole periods (whole INTERVALs of its FREQ) to just
 * before `nearFloating`. rrule.js expands from DTSTART every time, so without this a daily
 * rule anchored in 2024 walks a thousand days per call. The occurrences are the same:
 * moving by whole periods keeps every phase (weekday, day of month, INTERVAL).
 */
function anchorNear(options: Partial<RRuleOptions>, anchor: number, nearFloating: number): number {
  if (options.count != null || nearFloating <= anchor) return anchor;
  const interval = options.interval ?? 1;
  const fixedPeriod: Partial<Record<number, number>> = {
    [RRule.HOURLY]: 3_600_000 * interval,
    [RRule.DAILY]: DAY_MS * interval,
    [RRule.WEEKLY]: 7 * DAY_MS * interval,
  };
  const period = options.freq === undefined ? undefined : fixedPeriod[options.freq];
  if (period) return anchor + Math.floor((nearFloating - anchor) / period) * period;
  const start = new Date(anchor);
  if (start.getUTCDate() > 28) return anchor; // month arithmetic would change the day
  const monthsPerPeriod = options.freq === RRule.MONTHLY ? interval : options.freq === RRule.YEARLY ? 12 * interval : 0;
  if (monthsPerPeriod === 0) return anchor;
  const near = new Date(nearFloating);
  const monthsApart =
    (near.getUTCFullYear() - start.getUTCFullYear()) * 12 + (near.getUTCMonth() - start.getUTCMonth()) - 1;
  const periods = Math.max(0, Math.floor(monthsApart / monthsPerPeriod));
  return Date.UTC(
    start.getUTCFullYear(),
    start.getUTCMonth() + periods * monthsPerPeriod,
    start.getUTCDate(),
    start.getUTCHours(),
    start.getUTCMinutes(),
  );
}

/**
 * The rule with its anchor moved to just before `nearFloating` (see anchorNear), expanding in
 * floating time (local wall clock stored as UTC fields): converting to instants is done by us,
 * not by rrule's tzid support.
 */
export function ruleNear(recurrence: Recurrence, nearFloating: number): InstanceType<typeof RRule> {
  const options = cachedOptions(recurrence.rule);
  const [y, m, d] = (recurrence.start ?? DEFAULT_START).split('-').map(Number);
  const { hour, minute } = parseClock(recurrence.at);
  const anchor = anchorNear(options, Date.UTC(y!, m! - 1, d!, hour, minute), nearFloating);
  return new RRule({ ...options, dtstart: new Date(anchor), tzid: null });
}

const LAST_DATE = new Date(8.64e15);

/** Where walkCandidates reads the recurrence's candidates from: rrule, and zoned-time for instants. */
function candidateSource(recurrence: Recurrence): CandidateSource {
  return {
    key: JSON.stringify([recurrence.rule, recurrence.start ?? DEFAULT_START, recurrence.at, recurrence.zone]),
    expand(fromFloating, untilFloating) {
      const floating: number[] = [];
      let following: number | null = null;
      ruleNear(recurrence, fromFloating).between(new Date(fromFloating), LAST_DATE, true, (date) => {
        const ms = date.getTime();
        if (ms >= untilFloating) {
          following = ms;
          return false;
        }
        floating.push(ms);
        return true;
      });
      return { floating, following };
    },
    instantOf: (floating) => toInstant(fromFloatingMs(floating), recurrence.zone),
  };
}

/** rrule refuses a window whose ends are not dates (NaN, or past the year 275760): so do we, with its error. */
function refuseInvalidWindow(recurrence: Recurrence, fromFloating: number, throughFloating: number): void {
  if (Number.isNaN(new Date(fromFloating).getTime()) || Number.isNaN(new Date(throughFloating).getTime())) {
    ruleNear(recurrence, fromFloating).between(new Date(fromFloating), new Date(throughFloating), true);
  }
}

/**
 * The first occurrence strictly after `afterMs`, or null when the rule has ended or
 * has no occurrence in the next five years.
 */
export function nextOccurrence(recurrence: Recurrence, afterMs: number): number | null {
  const shift = (recurrence.offsetMinutes ?? 0) * 60_000;
  // Start two days early: the zone's offset and DST shifts move wall time by < 1 day.
  const windowStart = afterMs - shift - 2 * DAY_MS;
  // The first candidate, in rule order, whose instant is after afterMs: among the first
  // MAX_PER_WINDOW candidates of the window (rule order is floating order; a time in a DST gap
  // can land after the next candidate's instant, and the first in rule order still wins).
  refuseInvalidWindow(recurrence, windowStart, windowStart + FIRST_WINDOW_DAYS * DAY_MS);
  let next: number | null = null;
  walkCandidates(
    candidateSource(recurrence),
    windowStart,
    windowStart + SEARCH_WINDOW_DAYS * DAY_MS,
    MAX_PER_WINDOW,
    (_floating, instant) => {
      if (instant + shift <= afterMs) return true;
      next = instant + shift;
      return false;
    },
  );
  // Its widest window reached past the last date: rrule would have refused it on the way.
  if (next === null) refuseInvalidWindow(recurrence, windowStart, windowStart + SEARCH_WINDOW_DAYS * DAY_MS);
  return next;
}

/** Every occurrence in [fromMs, untilMs), in order (at most 5,000). */
export function occurrencesBetween(recurrence: Recurrence, fromMs: number, untilMs: number): number[] {
  const shift = (recurrence.offsetMinutes ?? 0) * 60_000;
  const instants: number[] = [];
  refuseInvalidWindow(recurrence, fromMs - shift - 2 * DAY_MS, untilMs - shift + 2 * DAY_MS);
  walkCandidates(
    candidateSource(recurrence),
    fromMs - shift - 2 * DAY_MS,
    untilMs - shift + 2 * DAY_MS,
    MAX_PER_WINDOW,
    (_floating, instant) => {
      const occurrence = instant + shift;
      if (occurrence >= fromMs && occurrence < untilMs) instants.push(occurrence);
      return true;
    },
  );
  // Two local times can be one instant (a gap's time shifted onto the hour after it): once each.
  instants.sort((a, b) => a - b);
  return instants.filter((instant, i) => i === 0 || instant !== instants[i - 1]);
}

/**
 * Occurrences per day of a rule, estimated over a year (Loop Habit Tracker's "frequency").
 * COUNT and UNTIL are left out: they say when the promise ends, not how often it falls due.
 */
export function occurrencesPerDay(recurrence: Recurrence, fromMs: number): number {
  const rule = recurrence.rule
    .split(';')
    .filter((part) => !/^\s*(COUNT|UNTIL)=/i.test(part))
    .join(';');
  const year = occurrencesBetween({ ...recurrence, rule }, fromMs, fromMs + 364 * DAY_MS);
  return year.length / 364;
}

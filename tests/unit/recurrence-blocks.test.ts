import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BLOCK_MS } from '../../shared/schedule/candidate-blocks.ts';
import {
  nextOccurrence,
  occurrencesBetween,
  occurrencesPerDay,
  ruleNear,
  type Recurrence,
} from '../../shared/schedule/recurrence.ts';
import { fromFloatingMs, toInstant } from '../../shared/schedule/zoned-time.ts';

const DAY_MS = 86_400_000;

/**
 * The oracle: nextOccurrence, occurrencesBetween and occurrencesPerDay as they were before the
 * block cache (commit 8ed84ed): a rule built per call, rrule's between over widening windows
 * (3, 40, 400, 1900 days, 5,000 candidates each), every candidate through toInstant.
 */
function instantOf(candidate: Date, recurrence: Recurrence): number {
  return toInstant(fromFloatingMs(candidate.getTime()), recurrence.zone) + (recurrence.offsetMinutes ?? 0) * 60_000;
}

function oracleNext(recurrence: Recurrence, afterMs: number): number | null {
  const floatingAfter = afterMs - (recurrence.offsetMinutes ?? 0) * 60_000;
  const windowStart = floatingAfter - 2 * DAY_MS;
  const rule = ruleNear(recurrence, windowStart);
  for (const days of [3, 40, 400, 1900]) {
    const candidates = rule.between(
      new Date(windowStart),
      new Date(windowStart + days * DAY_MS),
      true,
      (_d, i) => i < 5000,
    );
    for (const candidate of candidates) {
      const instant = instantOf(candidate, recurrence);
      if (instant > afterMs) return instant;
    }
  }
  return null;
}

function oracleBetween(recurrence: Recurrence, fromMs: number, untilMs: number): number[] {
  const shift = (recurrence.offsetMinutes ?? 0) * 60_000;
  const rule = ruleNear(recurrence, fromMs - shift - 2 * DAY_MS);
  const candidates = rule.between(
    new Date(fromMs - shift - 2 * DAY_MS),
    new Date(untilMs - shift + 2 * DAY_MS),
    true,
    (_d, i) => i < 5000,
  );
  return candidates
    .map((candidate) => instantOf(candidate, recurrence))
    .filter((instant, i, all) => instant >= fromMs && instant < untilMs && all.indexOf(instant) === i)
    .sort((a, b) => a - b);
}

function oraclePerDay(recurrence: Recurrence, fromMs: number): number {
  const rule = recurrence.rule
    .split(';')
    .filter((part) => !/^\s*(COUNT|UNTIL)=/i.test(part))
    .join(';');
  return oracleBetween({ ...recurrence, rule }, fromMs, fromMs + 364 * DAY_MS).length / 364;
}

const RULES = [
  'FREQ=DAILY',
  'FREQ=DAILY;INTERVAL=3',
  'FREQ=DAILY;BYHOUR=1,2,13',
  'FREQ=WEEKLY;BYDAY=MO,WE,FR',
  'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,SA',
  'FREQ=WEEKLY;INTERVAL=3;BYDAY=SU;WKST=SU',
  'FREQ=MONTHLY;BYMONTHDAY=31',
  'FREQ=MONTHLY;BYMONTHDAY=-1',
  'FREQ=MONTHLY;INTERVAL=2',
  'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1',
  'FREQ=MONTHLY;BYDAY=2SU',
  'FREQ=YEARLY',
  'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29',
  'FREQ=YEARLY;BYMONTH=3,10;BYDAY=-1SU',
  'FREQ=HOURLY;BYHOUR=0,1,2,3',
  'FREQ=HOURLY;INTERVAL=5',
  'FREQ=HOURLY', // more than 5,000 candidates a year: the cap shows
  'FREQ=HOURLY;INTERVAL=7;BYDAY=MO,TH',
  'FREQ=DAILY;BYDAY=SA;BYMONTH=3,11',
  'FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=1,15,-1;BYSETPOS=2',
  'FREQ=YEARLY;BYWEEKNO=1,53;BYDAY=MO',
  'FREQ=YEARLY;INTERVAL=2;BYYEARDAY=1,100,-1',
  'FREQ=DAILY;COUNT=40',
  'FREQ=WEEKLY;BYDAY=SU;COUNT=7',
  'FREQ=DAILY;UNTIL=20261105T013000',
  'FREQ=WEEKLY;BYDAY=SA,SU;UNTIL=20270401T000000Z',
];
const ZONES = ['America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Pacific/Apia', 'UTC'];
// Times in New York's and London's gaps and folds, Lord Howe's half-hour gap (02:00-02:30) and
// fold (01:30-02:00), midnight (Apia skipped 30 December 2011), and a plain noon.
const TIMES = ['02:30', '01:30', '01:15', '02:15', '01:45', '00:00', '23:59', '12:00'];
const STARTS = ['2024-01-01', '2026-01-31', '2025-11-02', '2011-12-01', '2026-10-04'];
const OFFSETS = [0, -30, 45, -1440, 1500];

const recurrence = fc.record({
  rule: fc.constantFrom(...RULES),
  at: fc.constantFrom(...TIMES),
  zone: fc.constantFrom(...ZONES),
  start: fc.constantFrom(...STARTS),
  offsetMinutes: fc.constantFrom(...OFFSETS),
});
// Mostly 2026-2027 (both DST changes, whole minutes and not), now and then years away.
const instant = fc
  .oneof(
    { weight: 6, arbitrary: fc.integer({ min: Date.parse('2025-12-20T00:00:00Z') / 60_000, max: 29_500_000 }) },
    { weight: 1, arbitrary: fc.integer({ min: Date.parse('2011-11-01T00:00:00Z') / 60_000, max: 33_000_000 }) },
  )
  .chain((minute) => fc.constantFrom(minute * 60_000, minute * 60_000 + 1, minute * 60_000 - 1));

describe('recurrence read from cached blocks gives what the window-by-window expansion gave', () => {
  it('nextOccurrence: from any instant, and from just before, on and after each occurrence', () => {
    fc.assert(
      fc.property(recurrence, fc.array(instant, { minLength: 1, maxLength: 8 }), (r, afters) => {
        for (const after of afters) {
          const expected = oracleNext(r, after);
          expect(nextOccurrence(r, after), `${JSON.stringify(r)} after ${after}`).toBe(expected);
          if (expected === null) continue;
          for (const near of [expected - 1, expected, expected + 1])
            expect(nextOccurrence(r, near)).toBe(oracleNext(r, near));
        }
      }),
      { numRuns: 300, seed: 1616 },
    );
  });

  it('occurrencesBetween: any range, short or over a year, in any order of queries', () => {
    const span = fc.oneof(
      fc.integer({ min: -3 * DAY_MS, max: 3 * DAY_MS }),
      fc.integer({ min: 0, max: 80 * DAY_MS }),
      fc.integer({ min: 300 * DAY_MS, max: 400 * DAY_MS }),
    );
    fc.assert(
      fc.property(recurrence, fc.array(fc.tuple(instant, span), { minLength: 1, maxLength: 5 }), (r, ranges) => {
        for (const [from, length] of ranges) {
          expect(occurrencesBetween(r, from, from + length), `${JSON.stringify(r)} ${from}+${length}`).toEqual(
            oracleBetween(r, from, from + length),
          );
        }
      }),
      { numRuns: 180, seed: 1617 },
    );
  });

  it('occurrencesPerDay, COUNT and UNTIL left out', () => {
    fc.assert(
      fc.property(recurrence, instant, (r, from) => {
        expect(occurrencesPerDay(r, from), JSON.stringify(r)).toBe(oraclePerDay(r, from));
      }),
      { numRuns: 60, seed: 1618 },
    );
    const hourly = { rule: 'FREQ=HOURLY;COUNT=3', at: '00:10', zone: 'UTC' };
    // 5,000 candidates from two days before: the 48 in that margin are not counted.
    expect(occurrencesPerDay(hourly, Date.parse('2026-06-01T00:00:00Z'))).toBe(4952 / 364);
  });

  it('every hour across the DST changes, and windows ending exactly on block boundaries', () => {
    const cases: Recurrence[] = [
      { rule: 'FREQ=DAILY', at: '02:30', zone: 'America/New_York' },
      { rule: 'FREQ=HOURLY;BYHOUR=1,2,3', at: '01:30', zone: 'America/New_York', offsetMinutes: -30 },
      { rule: 'FREQ=HOURLY', at: '02:15', zone: 'Australia/Lord_Howe' },
      { rule: 'FREQ=DAILY', at: '01:45', zone: 'Australia/Lord_Howe', offsetMinutes: 30 },
      { rule: 'FREQ=DAILY', at: '00:00', zone: 'Pacific/Apia', start: '2011-12-01' },
      { rule: 'FREQ=DAILY', at: '00:00', zone: 'UTC' },
    ];
    const days = [
      '2026-03-08',
      '2026-11-01',
      '2026-03-29',
      '2026-10-25',
      '2026-04-05',
      '2026-10-04',
      '2011-12-29',
      '2011-12-30',
    ];
    for (const r of cases) {
      for (const day of days) {
        const midnight = Date.parse(`${day}T00:00:00Z`);
        for (let t = midnight - 6 * 3_600_000; t < midnight + 30 * 3_600_000; t += 1_800_000) {
          expect(nextOccurrence(r, t), `${JSON.stringify(r)} after ${t}`).toBe(oracleNext(r, t));
        }
        expect(occurrencesBetween(r, midnight - DAY_MS, midnight + DAY_MS)).toEqual(
          oracleBetween(r, midnight - DAY_MS, midnight + DAY_MS),
        );
      }
      // Query windows (two-day margins included) starting and ending on a block boundary.
      for (const block of [641, 642, 643, 644]) {
        const boundary = block * BLOCK_MS;
        for (const [from, until] of [
          [boundary + 2 * DAY_MS, boundary + 40 * DAY_MS],
          [boundary - 30 * DAY_MS, boundary - 2 * DAY_MS],
          [boundary - 2 * DAY_MS + 1, boundary - 2 * DAY_MS + 60_000],
        ] as const) {
          expect(occurrencesBetween(r, from, until)).toEqual(oracleBetween(r, from, until));
          expect(nextOccurrence(r, from + 2 * DAY_MS - 1)).toBe(oracleNext(r, from + 2 * DAY_MS - 1));
        }
      }
    }
  });

  it('rules that have ended, and jumps of years back and forth', () => {
    const ended = { rule: 'FREQ=DAILY;COUNT=3', at: '09:00', zone: 'Europe/London', start: '2026-03-28' };
    expect(occurrencesBetween(ended, Date.parse('2026-03-01T00:00:00Z'), Date.parse('2026-05-01T00:00:00Z'))).toEqual([
      Date.parse('2026-03-28T09:00:00Z'),
      Date.parse('2026-03-29T08:00:00Z'),
      Date.parse('2026-03-30T08:00:00Z'),
    ]);
    expect(nextOccurrence(ended, Date.parse('2026-03-30T08:00:00Z'))).toBeNull();
    const weekly = { rule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU', at: '20:00', zone: 'America/New_York' };
    for (const iso of ['2040-06-01', '2026-06-01', '2031-02-28', '2024-01-01', '2099-12-30', '2026-06-02']) {
      const after = Date.parse(`${iso}T00:00:00Z`);
      expect(nextOccurrence(weekly, after), iso).toBe(oracleNext(weekly, after));
    }
  });

  it('the same answer or the same error for hostile rules, dates and instants', () => {
    const outcome = (run: () => unknown) => {
      try {
        return { value: run() };
      } catch (error) {
        return { error: String(error) };
      }
    };
    // Dates the plan refuses, but nextOccurrence still sees while validating it.
    const starts = ['9999-12-25', '0000-01-01', '2026-13-01', '99999-01-01'];
    const afters = [
      Number.NaN,
      Date.parse('2026-06-01T00:00:00Z'),
      Date.parse('9999-12-31T23:00:00Z'),
      Date.parse('+010000-06-01T00:00:00Z'),
      8.64e15 - 100 * DAY_MS,
      8.64e15,
    ];
    const cases: Array<[string, string, number]> = [];
    for (const rule of ['FREQ=DAILY;UNTIL=99991231T000000Z', 'FREQ=DAILY', 'FREQ=MINUTELY', 'FREQ=DAILY;BYHOUR=25'])
      for (const start of starts) for (const after of afters) cases.push([rule, start, after]);
    // Rules that never fire are searched to rrule's last year (9999) on every call of the oracle: a few.
    for (const rule of ['FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30', 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=31;COUNT=1000000'])
      for (const after of [Number.NaN, Date.parse('2026-06-01T00:00:00Z')]) cases.push([rule, '2026-13-01', after]);
    let errors = 0;
    for (const [rule, start, after] of cases) {
      const r = { rule, at: '10:00', zone: 'Europe/London', start };
      const label = `${rule} from ${start} after ${after}`;
      const next = outcome(() => nextOccurrence(r, after));
      expect(next, label).toEqual(outcome(() => oracleNext(r, after)));
      expect(
        outcome(() => occurrencesBetween(r, after, after + 30 * DAY_MS)),
        label,
      ).toEqual(outcome(() => oracleBetween(r, after, after + 30 * DAY_MS)));
      if ('error' in next) errors++;
    }
    expect(errors).toBeGreaterThan(0);
  });
});

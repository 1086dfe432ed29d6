import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  nextOccurrence,
  occurrencesBetween,
  parseRule,
  InvalidRecurrenceError,
} from '../../shared/schedule/recurrence.ts';
import { formatLocal, localDateString } from '../../shared/schedule/zoned-time.ts';

const at = (iso: string) => Date.parse(iso);
const ZONES = [
  'America/New_York',
  'America/Los_Angeles',
  'America/Santiago',
  'America/St_Johns',
  'Europe/London',
  'Europe/Paris',
  'Africa/Cairo',
  'Asia/Jerusalem',
  'Asia/Tehran',
  'Asia/Kolkata',
  'Australia/Sydney',
  'Australia/Lord_Howe',
  'Pacific/Auckland',
  'Pacific/Chatham',
  'America/Havana',
  'America/Asuncion',
  'Europe/Chisinau',
  'Asia/Tokyo',
  'UTC',
  'America/Mexico_City',
];

describe('recurrence in local time', () => {
  it('finds the next weekday check-in in the owner zone', () => {
    const rule = { rule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', at: '20:00', zone: 'America/New_York' };
    // Friday 2026-11-27 21:00 New York -> Monday 20:00 (EST, 01:00Z Tuesday).
    expect(new Date(nextOccurrence(rule, at('2026-11-28T02:00:00Z'))!).toISOString()).toBe('2026-12-01T01:00:00.000Z');
  });

  it('fires once at 03:30 on the spring-forward day and once at the first 01:30 on the fall-back day', () => {
    const spring = occurrencesBetween(
      { rule: 'FREQ=DAILY', at: '02:30', zone: 'America/New_York' },
      at('2026-03-07T00:00:00Z'),
      at('2026-03-10T00:00:00Z'),
    );
    expect(spring.map((t) => formatLocal(t, 'America/New_York'))).toEqual([
      '2026-03-07 02:30',
      '2026-03-08 03:30',
      '2026-03-09 02:30',
    ]);
    const fall = occurrencesBetween(
      { rule: 'FREQ=DAILY', at: '01:30', zone: 'America/New_York' },
      at('2026-10-31T00:00:00Z'),
      at('2026-11-03T00:00:00Z'),
    );
    expect(fall.map((t) => new Date(t).toISOString().slice(0, 16))).toEqual([
      '2026-10-31T05:30',
      '2026-11-01T05:30',
      '2026-11-02T06:30',
    ]);
  });

  it('applies an offset (a reminder 30 minutes before) to the instant', () => {
    const next = nextOccurrence(
      { rule: 'FREQ=WEEKLY;BYDAY=TU', at: '20:00', zone: 'America/New_York', offsetMinutes: -30 },
      at('2026-11-30T00:00:00Z'),
    );
    expect(formatLocal(next!, 'America/New_York')).toBe('2026-12-01 19:30');
  });

  it('anchors INTERVAL and COUNT to the start date', () => {
    const fortnightly = {
      rule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=SA',
      at: '10:00',
      zone: 'Europe/London',
      start: '2026-11-28',
    };
    const dates = occurrencesBetween(fortnightly, at('2026-11-27T00:00:00Z'), at('2027-01-01T00:00:00Z')).map((t) =>
      localDateString(t, 'Europe/London'),
    );
    expect(dates).toEqual(['2026-11-28', '2026-12-12', '2026-12-26']);
    const counted = { rule: 'FREQ=DAILY;COUNT=2', at: '10:00', zone: 'UTC', start: '2026-11-28' };
    expect(occurrencesBetween(counted, at('2026-11-01T00:00:00Z'), at('2027-01-01T00:00:00Z'))).toHaveLength(2);
    expect(nextOccurrence(counted, at('2026-11-29T10:00:00Z'))).toBeNull();
  });

  it.each([
    ['FREQ=MINUTELY', /more frequent than hourly/],
    ['FREQ=SECONDLY', /more frequent than hourly/],
    ['BYDAY=MO', /FREQ is missing/],
    ['FREQ=SOMETIMES', /FREQ is missing or unknown/],
    ['FREQ=DAILY;BYSPRING=1', /not a valid RRULE/],
    ['DTSTART:20260101T000000Z\nRRULE:FREQ=DAILY', /without DTSTART/],
    ['FREQ=DAILY;BYMINUTE=5', /BYMINUTE/],
  ])('refuses %j', (rule, message) => {
    expect(() => parseRule(rule)).toThrow(InvalidRecurrenceError);
    expect(() => parseRule(rule)).toThrow(message);
  });

  it('property: a daily rule fires exactly once on every local date for two years, in any zone, at any time', () => {
    const from = at('2026-01-01T12:00:00Z');
    const until = at('2028-01-01T12:00:00Z');
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: 0, max: 4 }), // bias towards the small hours, where DST changes happen
        fc.integer({ min: 0, max: 59 }),
        fc.boolean(),
        (zone, hour, minute, lateEvening) => {
          const h = lateEvening ? 23 - hour : hour;
          const clock = `${String(h).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
          const instants = occurrencesBetween({ rule: 'FREQ=DAILY', at: clock, zone }, from, until);
          const dates = instants.map((t) => localDateString(t, zone));
          for (let i = 1; i < instants.length; i++) {
            if (instants[i]! <= instants[i - 1]!) return false; // never doubled, never out of order
            const gapDays = (Date.parse(dates[i]!) - Date.parse(dates[i - 1]!)) / 86_400_000;
            if (gapDays !== 1) return false; // never skipped (a date is missing) or doubled (same date twice)
          }
          return instants.length >= 729 && instants.length <= 731;
        },
      ),
      { numRuns: 60, seed: 7 },
    );
  });
});

describe('anchor shifting (a speed-up) never changes the occurrences', () => {
  it.each([
    ['FREQ=WEEKLY;INTERVAL=3', '2024-02-07'],
    ['FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH', '2025-06-12'],
    ['FREQ=DAILY;INTERVAL=5', '2024-03-30'],
    ['FREQ=MONTHLY', '2024-05-15'],
    ['FREQ=MONTHLY;INTERVAL=5', '2024-01-20'],
    ['FREQ=MONTHLY;BYMONTHDAY=-1', '2024-01-01'],
    ['FREQ=MONTHLY;BYDAY=-1FR', '2024-01-01'],
    ['FREQ=YEARLY', '2024-09-09'],
    ['FREQ=YEARLY;INTERVAL=2', '2025-02-28'],
    ['FREQ=HOURLY;INTERVAL=7', '2024-01-01'],
    ['FREQ=MONTHLY;INTERVAL=2', '2024-01-31'],
  ])('%s from %s', async (rule, start) => {
    const rrulePackage = (await import('rrule')).default;
    const { RRule } = rrulePackage;
    const [y, m, d] = start.split('-').map(Number);
    const reference = new RRule({
      ...RRule.parseString(rule),
      dtstart: new Date(Date.UTC(y!, m! - 1, d!, 9, 15)),
      tzid: null,
    });
    const from = at('2027-03-01T00:00:00Z');
    const until = at('2027-12-01T00:00:00Z');
    const expected = reference
      .between(new Date(from - 3 * 86_400_000), new Date(until + 3 * 86_400_000), true)
      .map((date) => date.toISOString().slice(0, 16).replace('T', ' '));
    const got = occurrencesBetween(
      { rule, at: '09:15', zone: 'UTC', start },
      from - 3 * 86_400_000,
      until + 3 * 86_400_000,
    ).map((t) => formatLocal(t, 'UTC'));
    expect(got).toEqual(expected);
    expect(got.length).toBeGreaterThan(0);
  });
});

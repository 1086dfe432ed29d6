import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatLocal, toInstant, toLocal, isKnownTimeZone, offsetAt } from '../../shared/schedule/zoned-time.ts';

const local = (text: string) => {
  const [date, time] = text.split(' ');
  const [year, month, day] = date!.split('-').map(Number);
  const [hour, minute] = time!.split(':').map(Number);
  return { year: year!, month: month!, day: day!, hour: hour!, minute: minute! };
};
const utc = (ms: number) => new Date(ms).toISOString().slice(0, 16);

describe('toInstant (compatible disambiguation)', () => {
  it('converts ordinary wall times', () => {
    expect(utc(toInstant(local('2026-07-01 20:00'), 'America/New_York'))).toBe('2026-07-02T00:00');
    expect(utc(toInstant(local('2026-01-15 20:00'), 'America/New_York'))).toBe('2026-01-16T01:00');
    expect(utc(toInstant(local('2026-01-15 08:00'), 'Asia/Kolkata'))).toBe('2026-01-15T02:30');
  });

  it('shifts a time in the spring-forward gap forward by the gap (02:30 -> 03:30)', () => {
    // New York springs forward at 02:00 on 2026-03-08.
    const instant = toInstant(local('2026-03-08 02:30'), 'America/New_York');
    expect(formatLocal(instant, 'America/New_York')).toBe('2026-03-08 03:30');
    expect(utc(instant)).toBe('2026-03-08T07:30');
    // London at 01:30 on 2026-03-29.
    expect(formatLocal(toInstant(local('2026-03-29 01:30'), 'Europe/London'), 'Europe/London')).toBe(
      '2026-03-29 02:30',
    );
    // Lord Howe's DST gap is 30 minutes: 02:15 -> 02:45.
    expect(formatLocal(toInstant(local('2026-10-04 02:15'), 'Australia/Lord_Howe'), 'Australia/Lord_Howe')).toBe(
      '2026-10-04 02:45',
    );
  });

  it('resolves a repeated fall-back time to the earlier instant', () => {
    // New York falls back at 02:00 on 2026-11-01: 01:30 happens at 05:30Z (EDT) and 06:30Z (EST).
    expect(utc(toInstant(local('2026-11-01 01:30'), 'America/New_York'))).toBe('2026-11-01T05:30');
    // Sydney falls back at 03:00 on 2026-04-05: 02:30 happens at 15:30Z (AEDT) and 16:30Z.
    expect(utc(toInstant(local('2026-04-05 02:30'), 'Australia/Sydney'))).toBe('2026-04-04T15:30');
  });

  it('knows real zones and refuses made-up ones', () => {
    expect(isKnownTimeZone('Europe/London')).toBe(true);
    expect(isKnownTimeZone('Europe/Londn')).toBe(false);
    expect(isKnownTimeZone('')).toBe(false);
  });

  const ZONES = [
    'UTC',
    'America/New_York',
    'America/Los_Angeles',
    'America/Sao_Paulo',
    'America/St_Johns',
    'Europe/London',
    'Europe/Berlin',
    'Africa/Casablanca',
    'Asia/Kolkata',
    'Asia/Kathmandu',
    'Asia/Tokyo',
    'Australia/Sydney',
    'Australia/Lord_Howe',
    'Australia/Adelaide',
    'Pacific/Auckland',
    'Pacific/Chatham',
    'Pacific/Apia',
    'America/Havana',
    'Asia/Tehran',
    'Europe/Dublin',
  ];

  it('property: every wall time maps to an instant that reads back as that time, or as it shifted forward across a gap', () => {
    const start = Date.UTC(2026, 0, 1);
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: 0, max: 2 * 365 - 1 }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        (zone, dayOffset, hour, minute) => {
          const d = new Date(start + dayOffset * 86_400_000);
          const wanted = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour, minute };
          const instant = toInstant(wanted, zone);
          const got = toLocal(instant, zone);
          const wantedFloating = Date.UTC(wanted.year, wanted.month - 1, wanted.day, hour, minute);
          const gotFloating = Date.UTC(got.year, got.month - 1, got.day, got.hour, got.minute);
          if (gotFloating === wantedFloating) {
            // In an overlap, the earlier of the two instants.
            const earlier = instant - 3_600_000;
            const earlierReads = toLocal(earlier, zone);
            const sameWall =
              Date.UTC(
                earlierReads.year,
                earlierReads.month - 1,
                earlierReads.day,
                earlierReads.hour,
                earlierReads.minute,
              ) === wantedFloating;
            return !sameWall || offsetAt(earlier, zone) === offsetAt(instant, zone);
          }
          // In a gap: shifted forward by exactly the gap.
          const gap = offsetAt(instant, zone) - offsetAt(instant - 86_400_000, zone);
          return gap > 0 && gotFloating - wantedFloating === gap;
        },
      ),
      { numRuns: 3000, seed: 42 },
    );
  });
});

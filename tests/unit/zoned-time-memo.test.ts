import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fieldsOfParts,
  formatLocalFields,
  LOCAL_FIELDS_FORMAT,
  offsetAt,
  toInstant,
  toLocal,
  type LocalDateTime,
} from '../../shared/schedule/zoned-time.ts';

/** What toLocal computed before the memo: Intl on every call. */
function referenceLocal(instantMs: number, zone: string): LocalDateTime {
  const { second: _, ...local } = formatLocalFields(instantMs, zone);
  return local;
}

// Whole-hour, :30 and :45 zones, a 30-minute DST shift (Lord Howe), the date line, and zones
// whose early history has local mean time with seconds.
const ZONES = [
  'America/New_York',
  'Europe/London',
  'Australia/Adelaide',
  'Australia/Lord_Howe',
  'Asia/Kathmandu',
  'Pacific/Chatham',
  'Pacific/Apia',
  'America/St_Johns',
  'Asia/Kolkata',
  'Africa/Monrovia',
  'UTC',
];

describe('zone offsets memoised per zone and hour', () => {
  it('give the same wall-clock fields as Intl at every 22 minutes and 13 seconds around transitions', () => {
    const windows = [
      [Date.parse('2026-03-28T00:00:00Z'), Date.parse('2026-04-07T00:00:00Z')],
      [Date.parse('2026-09-25T00:00:00Z'), Date.parse('2026-10-06T00:00:00Z')],
      [Date.parse('2026-10-30T00:00:00Z'), Date.parse('2026-11-03T00:00:00Z')],
      [Date.parse('1883-11-18T00:00:00Z'), Date.parse('1883-11-20T00:00:00Z')],
      [Date.parse('1972-01-01T00:00:00Z') - 86_400_000, Date.parse('1972-01-01T00:00:00Z') + 86_400_000],
    ] as const;
    let compared = 0;
    for (const zone of ZONES)
      for (const [start, end] of windows)
        for (let t = start; t < end; t += 1_333_000) {
          // Twice: the first call fills the memo, the second reads it.
          expect(toLocal(t, zone), `${zone} ${new Date(t).toISOString()}`).toEqual(referenceLocal(t, zone));
          expect(toLocal(t, zone)).toEqual(referenceLocal(t, zone));
          compared++;
        }
    expect(compared).toBeGreaterThan(15_000);
  });

  it('keep the DST rules: a gap shifts forward, an overlap takes the earlier instant, :30 shifts included', () => {
    const at = (year: number, month: number, day: number, hour: number, minute: number) => ({
      year,
      month,
      day,
      hour,
      minute,
    });
    expect(new Date(toInstant(at(2026, 3, 8, 2, 30), 'America/New_York')).toISOString()).toBe(
      '2026-03-08T07:30:00.000Z',
    );
    expect(new Date(toInstant(at(2026, 11, 1, 1, 30), 'America/New_York')).toISOString()).toBe(
      '2026-11-01T05:30:00.000Z',
    );
    // Lord Howe moves by 30 minutes at 02:00 local.
    expect(new Date(toInstant(at(2026, 10, 4, 2, 15), 'Australia/Lord_Howe')).toISOString()).toBe(
      '2026-10-03T15:45:00.000Z',
    );
    expect(new Date(toInstant(at(2026, 4, 5, 1, 45), 'Australia/Lord_Howe')).toISOString()).toBe(
      '2026-04-04T14:45:00.000Z',
    );
    expect(offsetAt(Date.parse('2026-07-01T00:00:00Z'), 'Asia/Kathmandu')).toBe(345 * 60_000);
  });

  it('reads years before 100 as themselves', () => {
    const t = Date.UTC(2000, 0, 1) - 1_950 * 365.2425 * 86_400_000;
    expect(toLocal(t, 'Europe/Paris')).toEqual(referenceLocal(t, 'Europe/Paris'));
    expect(toLocal(t, 'Europe/Paris')).toEqual(referenceLocal(t, 'Europe/Paris'));
  });
});

describe('formatLocalFields', () => {
  it('reads the same fields from format() as from Intl formatToParts, in any zone, any year from -2000 to 9999', () => {
    const formatters = new Map<string, Intl.DateTimeFormat>();
    const partsOf = (instantMs: number, zone: string) => {
      let formatter = formatters.get(zone);
      if (!formatter) {
        formatter = new Intl.DateTimeFormat('en-US', { ...LOCAL_FIELDS_FORMAT, timeZone: zone });
        formatters.set(zone, formatter);
      }
      return fieldsOfParts(formatter.formatToParts(new Date(instantMs)));
    };
    const zones = [...ZONES, 'Asia/Tokyo', 'America/Los_Angeles', 'Etc/GMT+12'];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.oneof(
          fc.integer({ min: Date.UTC(-2000, 0, 1), max: Date.UTC(9999, 11, 31) }),
          fc.integer({ min: Date.UTC(1, 0, 1) - 2e11, max: Date.UTC(1, 0, 1) + 3e12 }), // around year 1 and year 0
          fc.integer({ min: Date.parse('1960-01-01T00:00:00Z'), max: Date.parse('2060-01-01T00:00:00Z') }),
        ),
        (zone, instant) => {
          expect(formatLocalFields(instant, zone)).toEqual(partsOf(instant, zone));
        },
      ),
      { numRuns: 3000, seed: 1619 },
    );
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_SUMMARY_TIME, summaryWindow } from '../../shared/summary/summary-window.ts';

const iso = (ms: number) => new Date(ms).toISOString();

describe('the summary window: from the previous summary to this one', () => {
  const zone = 'America/New_York';

  it('a summary sent Sunday 18:00 covers the week since last Sunday 18:00, so Sunday evenings go into the next one', () => {
    const sent = Date.parse('2026-11-29T23:00:00Z'); // Sunday 18:00 EST
    expect(summaryWindow(sent, zone, DEFAULT_SUMMARY_TIME)).toEqual({
      start: Date.parse('2026-11-22T23:00:00Z'),
      end: sent,
    });
    // Sunday 20:00, after the summary: in the window ending next Sunday.
    const sundayEvening = Date.parse('2026-11-30T01:00:00Z');
    expect(iso(summaryWindow(sundayEvening, zone, DEFAULT_SUMMARY_TIME).start)).toBe(iso(sent));
  });

  it('is 167 or 169 hours long across a DST change, 18:00 local at both ends', () => {
    const spring = summaryWindow(Date.parse('2026-03-10T12:00:00Z'), zone, DEFAULT_SUMMARY_TIME);
    expect(iso(spring.start)).toBe('2026-03-08T22:00:00.000Z'); // Sunday 18:00 EDT (clocks went forward that morning)
    expect(iso(spring.end)).toBe('2026-03-15T22:00:00.000Z');
    const fall = summaryWindow(Date.parse('2026-10-30T12:00:00Z'), zone, DEFAULT_SUMMARY_TIME);
    expect(iso(fall.start)).toBe('2026-10-25T22:00:00.000Z'); // EDT
    expect((fall.end - fall.start) / 3_600_000).toBe(169); // Nov 1 18:00 EST
  });

  it("follows the partner's chosen day and time", () => {
    const window = summaryWindow(Date.parse('2026-11-25T12:00:00Z'), 'Europe/London', {
      rule: 'FREQ=WEEKLY;BYDAY=MO',
      at: '07:30',
    });
    expect(iso(window.start)).toBe('2026-11-23T07:30:00.000Z');
    expect(iso(window.end)).toBe('2026-11-30T07:30:00.000Z');
  });
});

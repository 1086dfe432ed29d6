import { describe, expect, it } from 'vitest';
import { deferPastQuietHours, isQuiet } from '../../shared/schedule/quiet-hours.ts';
import { formatLocal, toInstant } from '../../shared/schedule/zoned-time.ts';

const NY = 'America/New_York';
const nyAt = (text: string) => {
  const [d, t] = text.split(' ');
  const [year, month, day] = d!.split('-').map(Number);
  const [hour, minute] = t!.split(':').map(Number);
  return toInstant({ year: year!, month: month!, day: day!, hour: hour!, minute: minute! }, NY);
};
const overnight = { from: '22:00', to: '07:30' };

describe('quiet hours', () => {
  it('leaves a message outside the window alone', () => {
    expect(formatLocal(deferPastQuietHours(nyAt('2026-11-26 20:00'), NY, overnight), NY)).toBe('2026-11-26 20:00');
    expect(formatLocal(deferPastQuietHours(nyAt('2026-11-26 07:30'), NY, overnight), NY)).toBe('2026-11-26 07:30');
  });

  it('defers a late-evening message to the end of the window the next morning', () => {
    expect(formatLocal(deferPastQuietHours(nyAt('2026-11-26 22:00'), NY, overnight), NY)).toBe('2026-11-27 07:30');
    expect(formatLocal(deferPastQuietHours(nyAt('2026-11-26 23:59'), NY, overnight), NY)).toBe('2026-11-27 07:30');
  });

  it('defers an early-morning message to later the same morning', () => {
    expect(formatLocal(deferPastQuietHours(nyAt('2026-11-27 03:00'), NY, overnight), NY)).toBe('2026-11-27 07:30');
  });

  it('handles a window that does not wrap midnight', () => {
    const afternoon = { from: '13:00', to: '15:00' };
    expect(formatLocal(deferPastQuietHours(nyAt('2026-11-26 14:10'), NY, afternoon), NY)).toBe('2026-11-26 15:00');
    expect(isQuiet({ year: 2026, month: 1, day: 1, hour: 15, minute: 0 }, afternoon)).toBe(false);
  });

  it('crosses a DST night correctly (the 23-hour spring-forward day)', () => {
    // Saturday 23:00 before the spring-forward Sunday: ends at 07:30 Sunday local, not Monday.
    expect(formatLocal(deferPastQuietHours(nyAt('2026-03-07 23:00'), NY, overnight), NY)).toBe('2026-03-08 07:30');
  });

  it('does nothing without quiet hours or with an empty window', () => {
    const t = nyAt('2026-11-26 23:00');
    expect(deferPastQuietHours(t, NY, undefined)).toBe(t);
    expect(deferPastQuietHours(t, NY, { from: '08:00', to: '08:00' })).toBe(t);
  });
});

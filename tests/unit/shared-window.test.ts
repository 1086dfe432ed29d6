import { describe, expect, it } from 'vitest';
import { deriveSchedules } from '../../shared/schedule/derive-schedules.ts';
import { firingsBetween } from '../../shared/schedule/next-fire.ts';
import { placeInSharedWindow } from '../../shared/schedule/shared-window.ts';
import { examplePlan, validPlan } from '../helpers/plans.ts';

const NY = 'America/New_York';
const LONDON = 'Europe/London';
const TOKYO = 'Asia/Tokyo';
const awake = { from: '08:00', to: '21:30' };
const iso = (ms: number) => new Date(ms).toISOString();

describe('the shared awake window', () => {
  it('moves a message to the first time both local clocks are inside it', () => {
    // 20:00 New York on Tuesday is 01:00 in London: next, both awake from 08:00 New York (13:00 London).
    expect(iso(placeInSharedWindow(Date.parse('2026-11-25T01:00:00Z'), NY, LONDON, awake))).toBe(
      '2026-11-25T13:00:00.000Z',
    );
    expect(iso(placeInSharedWindow(Date.parse('2026-11-25T01:00:00Z'), LONDON, NY, awake))).toBe(
      '2026-11-25T13:00:00.000Z',
    );
    // Inside both already: unchanged.
    const noonNy = Date.parse('2026-11-24T17:00:00Z');
    expect(placeInSharedWindow(noonNy, NY, LONDON, awake)).toBe(noonNy);
  });

  it('follows each zone across DST: New York and London are 4 hours apart for three weeks in March', () => {
    // Both awake from 08:00 New York = 12:00 London while New York is on EDT and London still on GMT.
    expect(iso(placeInSharedWindow(Date.parse('2026-03-11T02:00:00Z'), NY, LONDON, awake))).toBe(
      '2026-03-11T12:00:00.000Z',
    );
    expect(iso(placeInSharedWindow(Date.parse('2026-02-11T02:00:00Z'), NY, LONDON, awake))).toBe(
      '2026-02-11T13:00:00.000Z',
    );
  });

  it('when the windows never overlap, each partner gets it at the start of their own window', () => {
    const office = { from: '09:00', to: '17:00' }; // Tokyo 09-17 is New York 19:00-03:00: no overlap
    const at = Date.parse('2026-11-24T03:00:00Z'); // Tokyo 12:00, New York 22:00
    expect(iso(placeInSharedWindow(at, TOKYO, NY, office))).toBe(iso(at)); // inside Tokyo's own
    expect(iso(placeInSharedWindow(at, NY, TOKYO, office))).toBe('2026-11-24T14:00:00.000Z'); // 09:00 New York
  });

  it('a window past midnight (20:00-01:00) is one stretch', () => {
    const late = { from: '20:00', to: '01:00' };
    const at = Date.parse('2026-11-24T05:30:00Z'); // 00:30 New York, 23:30 Chicago: both inside
    expect(iso(placeInSharedWindow(at, NY, 'America/Chicago', late))).toBe(iso(at));
    // 01:30 New York is past its window: both next inside at 21:00 New York (20:00 Chicago).
    expect(iso(placeInSharedWindow(Date.parse('2026-11-24T06:30:00Z'), NY, 'America/Chicago', late))).toBe(
      '2026-11-25T02:00:00.000Z',
    );
  });

  it('applies to ritual reminders and check-ins of a pair that set it, and the firing says why', () => {
    const plan = examplePlan();
    plan.pair.sharedWindow = awake;
    const specs = deriveSchedules(validPlan(plan));
    const reminder = specs.find((s) => s.scheduleId === 'ritual-reminder:night-walk:alex')!;
    expect(reminder).toMatchObject({ sharedWindow: awake, partnerZone: NY });
    expect(specs.find((s) => s.kind === 'checkin')!.sharedWindow).toBeUndefined();
    const [first] = firingsBetween(reminder, Date.parse('2026-11-24T00:00:00Z'), Date.parse('2026-11-26T00:00:00Z'));
    // The walk is 20:00 New York Tuesday; the reminder (19:30) is 00:30 in London: both awake next at 13:00Z.
    expect(first).toEqual({
      occurrenceAt: Date.parse('2026-11-25T00:30:00Z'),
      fireAt: Date.parse('2026-11-25T13:00:00Z'),
      deferredBy: 'shared window',
    });
  });
});

import { describe, expect, it } from 'vitest';
import { deriveSchedules } from '../../shared/schedule/derive-schedules.ts';
import { firingsBetween } from '../../shared/schedule/next-fire.ts';
import { examplePlan, validPlan } from '../helpers/plans.ts';

const iso = (ms: number) => new Date(ms).toISOString();

describe('reminder schedules', () => {
  it('remindBefore stays that many minutes before the local due time across the November DST change', () => {
    const plan = examplePlan();
    plan.commitments![0] = { ...plan.commitments![0]!, repeat: 'FREQ=DAILY', due: '12:30', remindBefore: 20 };
    const spec = deriveSchedules(validPlan(plan)).find((s) => s.kind === 'reminder')!;
    expect(spec).toMatchObject({
      scheduleId: 'reminder:lunch-call',
      recipientId: 'sam',
      at: '12:30',
      offsetMinutes: -20,
    });
    const firings = firingsBetween(spec, Date.parse('2026-10-31T00:00:00Z'), Date.parse('2026-11-03T00:00:00Z'));
    // 12:10 New York: EDT (UTC-4) on Saturday, EST (UTC-5) from Sunday.
    expect(firings.map((f) => iso(f.fireAt))).toEqual([
      '2026-10-31T16:10:00.000Z',
      '2026-11-01T17:10:00.000Z',
      '2026-11-02T17:10:00.000Z',
    ]);
  });

  it('a commitment without remind or remindBefore has no reminder', () => {
    expect(deriveSchedules(validPlan(examplePlan())).some((s) => s.kind === 'reminder')).toBe(false);
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { listCheckIns } from '../../shared/store/checkin-repository.ts';
import type { Commitment, PlanInput } from '../../shared/model/plan.ts';
import { examplePlan } from '../helpers/plans.ts';
import { useEmbeddedStore } from '../helpers/store.ts';
import { SAM, couple } from '../helpers/couple.ts';

const embedded = useEmbeddedStore();
afterAll(() => embedded.stop());

/** Sam (New York, EST in November, quiet 22:00-07:30): "call Alex at lunch", due 12:30, reminded 15 minutes before. */
function planWithReminder(reminder: Partial<Commitment>): PlanInput {
  const plan = examplePlan();
  plan.commitments = [{ ...plan.commitments![0]!, ...reminder }];
  return plan;
}

const bodiesOf = async (c: Awaited<ReturnType<typeof couple>>, kind: string) =>
  (await c.messagesTo(SAM)).filter((m) => m.kind === kind).map((m) => `${m.sentAt.slice(11, 16)} ${m.body}`);

describe('reminders before a personal promise', () => {
  it('remindBefore: a reminder to the owner that many minutes before "due", on the days it is due', async () => {
    const c = await couple(await embedded.fresh(), { plan: planWithReminder({ due: '12:30', remindBefore: 15 }) });
    await c.at('2026-11-23T17:15:00Z'); // Monday 12:15 New York
    await c.at('2026-11-24T17:15:00Z');
    await c.at('2026-11-28T17:15:00Z'); // Saturday: not due
    expect(await bodiesOf(c, 'reminder')).toEqual([
      '17:15 Reminder: call Alex at lunch (due 12:30, in 15 min). Reply SNOOZE for later',
      '17:15 Reminder: call Alex at lunch (due 12:30, in 15 min). Reply SNOOZE for later',
    ]);
  });

  it('remind: at a local time, held for quiet hours like any message to the owner', async () => {
    const c = await couple(await embedded.fresh(), { plan: planWithReminder({ remind: '06:45' }) });
    await c.at('2026-11-24T11:45:00Z'); // Tuesday 06:45 New York: inside quiet hours (until 07:30)
    expect(await bodiesOf(c, 'reminder')).toEqual([]);
    await c.at('2026-11-24T12:30:00Z'); // 07:30
    expect(await bodiesOf(c, 'reminder')).toEqual(['12:30 Reminder: call Alex at lunch today. Reply SNOOZE for later']);
  });
});

describe('SNOOZE', () => {
  it('brings the latest reminder back later, at most three times', async () => {
    const c = await couple(await embedded.fresh(), { plan: planWithReminder({ due: '12:30', remindBefore: 15 }) });
    await c.at('2026-11-23T17:15:00Z');
    c.clock.now = Date.parse('2026-11-23T17:16:00Z');
    expect((await c.text(SAM, 'snooze')).reply).toBe('Snoozed: it comes again at 12:46.');
    expect((await c.text(SAM, 'SNOOZE')).outcome).toBe('already-snoozed'); // the same one, not twice
    await c.at('2026-11-23T17:46:00Z');
    c.clock.now = Date.parse('2026-11-23T17:47:00Z');
    expect((await c.text(SAM, 'SNOOZE 10')).reply).toBe('Snoozed: it comes again at 12:57.');
    await c.at('2026-11-23T17:57:00Z');
    expect((await c.text(SAM, 'snooze 1h')).reply).toBe(
      'Snoozed: it comes again at 13:57. That was the last snooze for it.',
    );
    await c.at('2026-11-23T18:57:00Z');
    expect(await c.text(SAM, 'SNOOZE')).toEqual({
      outcome: 'snooze-limit',
      reply: "You've snoozed that 3 times already; it won't come again today.",
    });
    expect((await bodiesOf(c, 'reminder')).map((b) => b.slice(0, 5))).toEqual(['17:15', '17:46', '17:57', '18:57']);
  });

  it('never past the end of the day: a snooze into quiet hours or tomorrow is refused', async () => {
    const c = await couple(await embedded.fresh(), { plan: planWithReminder({ remind: '21:30' }) });
    await c.at('2026-11-24T02:30:00Z'); // Monday 21:30 New York
    expect((await c.text(SAM, 'SNOOZE 45')).outcome).toBe('snooze-past-today'); // 22:15 is quiet
    expect((await c.text(SAM, 'SNOOZE 20')).reply).toBe('Snoozed: it comes again at 21:50.');
    expect((await c.text(SAM, 'SNOOZE 3 hours')).outcome).toBe('snooze-past-today');
    expect((await c.text(SAM, 'SNOOZE 5')).outcome).toBe('already-snoozed'); // one snooze of a message at a time
    expect((await c.text(SAM, 'SNOOZE 99h')).reply).toMatch(/^You can snooze for 1 minute to 12 hours\./);
  });

  it('brings a check-in back: the same occurrence stays open, and Y answers it once', async () => {
    const c = await couple(await embedded.fresh());
    await c.at('2026-11-24T01:00:00Z'); // Monday 20:00 New York
    c.clock.now = Date.parse('2026-11-24T01:01:00Z');
    expect((await c.text(SAM, 'SNOOZE 30')).reply).toBe('Snoozed: it comes again at 20:31.');
    await c.at('2026-11-24T01:31:00Z');
    expect(await bodiesOf(c, 'checkin')).toEqual([
      '01:00 Did you call Alex at lunch today? Reply Y or N',
      '01:31 Did you call Alex at lunch today? Reply Y or N',
    ]);
    expect((await c.text(SAM, 'Y')).outcome).toBe('logged');
    const checkIns = await listCheckIns(c.store, 'sam-alex', 0, Date.parse('2100-01-01T00:00:00Z'));
    expect(checkIns.filter((x) => x.ref === 'commitment:lunch-call').map((x) => x.status)).toEqual(['kept']);
    expect((await c.text(SAM, 'SNOOZE')).outcome).toBe('nothing-to-snooze'); // already answered
  });

  it('with nothing sent in the last day there is nothing to snooze', async () => {
    const c = await couple(await embedded.fresh());
    expect(await c.text(SAM, 'SNOOZE')).toEqual({
      outcome: 'nothing-to-snooze',
      reply: 'Nothing to snooze: no reminder or check-in came in the last day.',
    });
  });
});

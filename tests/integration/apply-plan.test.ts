import { afterAll, describe, expect, it } from 'vitest';
import { applyPlan } from '../../shared/plan/apply-plan.ts';
import { listPartners } from '../../shared/store/partner-repository.ts';
import { nextDueAt } from '../../shared/store/due-index.ts';
import { listSchedules } from '../../shared/store/schedule-repository.ts';
import { examplePlan, validPlan } from '../helpers/plans.ts';
import { useEmbeddedStore } from '../helpers/store.ts';

const embedded = useEmbeddedStore();
afterAll(() => embedded.stop());
const NOW = Date.parse('2026-11-26T12:00:00Z');

describe('applying a plan to the store (embedded DynamoDB API)', () => {
  it('writes the plan, and re-applying the same plan changes nothing', async () => {
    const store = await embedded.fresh();
    const first = await applyPlan(store, validPlan(examplePlan()), NOW);
    expect(first.changes.map((c) => c.what)).toEqual(
      expect.arrayContaining([
        'pair sam-alex',
        'partner sam',
        'partner alex',
        'commitment lunch-call',
        'schedule checkin:sam:2000',
      ]),
    );
    const schedules = await listSchedules(store, 'sam-alex');
    expect(schedules).toHaveLength(8);
    const checkin = schedules.find((s) => s.kind === 'checkin')!;
    expect(new Date(checkin.fireAt!).toISOString()).toBe('2026-11-27T01:00:00.000Z'); // 20:00 in New York

    const again = await applyPlan(store, validPlan(examplePlan()), NOW + 3_600_000);
    expect(again.changes).toEqual([]);
    expect(await listSchedules(store, 'sam-alex')).toEqual(schedules);
  });

  it('updates exactly what changed, and a removed commitment stops being scheduled', async () => {
    const store = await embedded.fresh();
    await applyPlan(store, validPlan(examplePlan()), NOW);
    const edited = examplePlan();
    edited.commitments = [];
    edited.affirmations![0]!.text = 'Proud of you, always.';
    const result = await applyPlan(store, validPlan(edited), NOW);
    expect(result.changes).toEqual(
      expect.arrayContaining([
        { action: 'update', what: 'affirmation morning-note' },
        { action: 'update', what: 'schedule affirmation:morning-note' },
        { action: 'delete', what: 'schedule checkin:sam:2000' },
        { action: 'delete', what: 'commitment lunch-call' },
      ]),
    );
    expect(result.changes).toHaveLength(4);
    const kinds = (await listSchedules(store, 'sam-alex')).map((s) => s.kind).sort();
    expect(kinds).toEqual([
      'affirmation',
      'ritual-checkin',
      'ritual-checkin',
      'ritual-reminder',
      'ritual-reminder',
      'summary',
      'summary',
    ]);
  });

  it('a changed phone number is no longer marked invalid; other state stays', async () => {
    const store = await embedded.fresh();
    await applyPlan(store, validPlan(examplePlan()), NOW);
    const { markSmsInvalid, setSmsOptOut } = await import('../../shared/store/partner-repository.ts');
    const sam = (await listPartners(store, 'sam-alex')).find((p) => p.partnerId === 'sam')!;
    await markSmsInvalid(store, sam);
    await setSmsOptOut(store, sam, true, {
      at: new Date(NOW).toISOString(),
      status: 'confirmed',
      source: 'sms',
      words: 'STOP',
    });
    const edited = examplePlan();
    edited.partners[0]!.phone = '+15555550999';
    await applyPlan(store, validPlan(edited), NOW);
    const after = (await listPartners(store, 'sam-alex')).find((p) => p.partnerId === 'sam')!;
    expect(after).toMatchObject({ phone: '+15555550999', smsInvalid: false, smsOptedOut: true });
  });

  it('keeps consent and opt-out state the partner gave by text when the plan is re-applied', async () => {
    const store = await embedded.fresh();
    const plan = examplePlan();
    plan.partners[1]!.consent = 'pending';
    await applyPlan(store, validPlan(plan), NOW);
    const alex = (await listPartners(store, 'sam-alex')).find((p) => p.partnerId === 'alex')!;
    expect(alex.consent).toBe('pending');
    expect(alex.consentLog).toEqual([{ at: new Date(NOW).toISOString(), status: 'pending', source: 'plan' }]);
    // Only the consent request is due for Alex; Alex's reminders wait for consent.
    const forAlex = (await listSchedules(store, 'sam-alex')).filter((s) => s.recipientId === 'alex');
    expect(forAlex.filter((s) => s.active).map((s) => s.kind)).toEqual(['consent-request']);
    expect(await nextDueAt(store)).toBe(NOW);
  });
});

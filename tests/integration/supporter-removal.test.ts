import { afterAll, describe, expect, it } from 'vitest';
import type { PlanInput } from '../../shared/model/plan.ts';
import { applyPlan } from '../../shared/plan/apply-plan.ts';
import { listDefinitions } from '../../shared/store/pair-repository.ts';
import { planFromStore } from '../../shared/plan/plan-from-store.ts';
import { listSchedules } from '../../shared/store/schedule-repository.ts';
import { getAgreement } from '../../shared/store/supporter-repository.ts';
import { ALEX, couple, SAM } from '../helpers/couple.ts';
import { examplePlan, validPlan } from '../helpers/plans.ts';
import { useEmbeddedStore } from '../helpers/store.ts';

const embedded = useEmbeddedStore();
afterAll(() => embedded.stop());
const LEE = 'lee@example.org';

const withLee = (consent: 'pending' | 'confirmed', id = 'dr-lee'): PlanInput => ({
  ...examplePlan(),
  supporters: [{ id, name: 'Dr. Lee', email: LEE, consent }],
});
const toLee = async (kept: Awaited<ReturnType<typeof couple>>) =>
  (await kept.messages()).filter((m) => m.to === LEE).map((m) => [m.kind, m.sentAt.slice(0, 16)]);

describe('removing a supporter', () => {
  it('from the plan: applying it without them deletes schedule, definition and agreement, and the emails stop', async () => {
    const store = await embedded.fresh();
    const kept = await couple(store, { plan: withLee('confirmed'), apply: { planConsent: 'honour' } });
    await kept.at('2026-11-29T23:00:00Z'); // Sunday 18:00 in New York
    expect(await toLee(kept)).toEqual([['supporter-summary', '2026-11-29T23:00']]);
    const result = await applyPlan(store, validPlan(examplePlan()), kept.clock.now, { planConsent: 'honour' });
    expect(result.changes.filter((c) => c.what.includes('dr-lee'))).toEqual([
      { action: 'delete', what: 'schedule supporter-summary:dr-lee' },
      { action: 'delete', what: 'supporter dr-lee' },
      { action: 'delete', what: 'supporter agreement dr-lee' },
    ]);
    await kept.at('2026-12-06T23:00:00Z');
    await kept.at('2026-12-13T23:00:00Z');
    expect(await toLee(kept)).toEqual([['supporter-summary', '2026-11-29T23:00']]);
    expect(await getAgreement(store, 'sam-alex', 'dr-lee')).toBeNull();
  });

  it('by SUPPORTER OFF: a removal record that applying the same plan again respects, and says how to re-invite', async () => {
    const store = await embedded.fresh();
    const kept = await couple(store, { plan: withLee('confirmed'), apply: { planConsent: 'honour' } });
    kept.clock.now = Date.parse('2026-11-24T15:00:00Z');
    expect((await kept.text(ALEX, 'SUPPORTER OFF')).outcome).toBe('supporter-off');
    expect(await getAgreement(store, 'sam-alex', 'dr-lee')).toMatchObject({ status: 'removed', endedBy: 'alex' });

    // At once: the summary schedule is out of the due index (the webhook deletes nothing) and the
    // supporter is no longer part of the plan as the API and export-plan give it.
    expect((await listSchedules(store, 'sam-alex')).find((s) => s.kind === 'supporter-summary')?.active).toBe(false);
    expect((await planFromStore(store, 'sam-alex'))?.supporters).toBeUndefined();

    // The file still lists Dr. Lee, even marked confirmed in the local outbox: not added back.
    const hold = {
      action: 'hold',
      what: 'supporter dr-lee was removed by a partner (SUPPORTER OFF) on 2026-11-24; not added again; to invite them again, give them a new id in the plan',
    };
    const first = await applyPlan(store, validPlan(withLee('confirmed')), kept.clock.now, { planConsent: 'honour' });
    expect(first.changes.filter((c) => c.what.includes('dr-lee'))).toEqual([
      hold,
      { action: 'delete', what: 'schedule supporter-summary:dr-lee' },
      { action: 'delete', what: 'supporter dr-lee' },
    ]);
    const again = await applyPlan(store, validPlan(withLee('confirmed')), kept.clock.now, { planConsent: 'ask' });
    expect(again.changes.filter((c) => c.what.includes('dr-lee'))).toEqual([hold]);
    expect((await listDefinitions(store, 'sam-alex')).filter((d) => d.type === 'supporter')).toEqual([]);
    expect((await listSchedules(store, 'sam-alex')).filter((s) => s.kind === 'supporter-summary')).toEqual([]);
    await kept.at('2026-11-29T23:00:00Z');
    expect(await toLee(kept)).toEqual([]);

    // A new id is a new invitation: asked of both partners again, never confirmed by the file alone.
    const invited = await applyPlan(store, validPlan(withLee('confirmed', 'dr-lee-2')), kept.clock.now);
    expect(invited.changes).toContainEqual({
      action: 'create',
      what: 'supporter request dr-lee-2 (each partner is asked; then the supporter confirms by email)',
    });
    await kept.at('2026-11-30T00:01:00Z');
    const requests = (await kept.messages()).filter((m) => m.kind === 'supporter-request');
    expect(requests.map((m) => m.to).sort()).toEqual([SAM, ALEX].sort());
    await kept.at('2026-12-06T23:00:00Z');
    expect(await toLee(kept)).toEqual([]);
  });

  it('SUPPORTER OFF while the request waits cancels it: a request held for quiet hours is not sent', async () => {
    const store = await embedded.fresh();
    // 23:00 in New York: Sam's request waits for his quiet hours to end (07:30); Alex's goes now.
    const kept = await couple(store, { plan: withLee('pending'), start: '2026-11-24T04:00:00Z' });
    await kept.at('2026-11-24T04:01:00Z');
    const requestsTo = async () =>
      (await kept.messages()).filter((m) => m.kind === 'supporter-request').map((m) => m.to);
    expect(await requestsTo()).toEqual([ALEX]);
    kept.clock.now = Date.parse('2026-11-24T05:00:00Z');
    expect((await kept.text(ALEX, 'supporter off')).reply).toBe(
      'Done: Dr. Lee will get no more weekly summaries. Sam has been told.',
    );
    await kept.at('2026-11-24T12:30:00Z');
    expect(await requestsTo()).toEqual([ALEX]);
    const toSam = (await kept.messagesTo(SAM)).map((m) => m.kind);
    expect(toSam).toContain('supporter-removed');
    expect(await getAgreement(store, 'sam-alex', 'dr-lee')).toMatchObject({ status: 'removed', endedBy: 'alex' });
  });
});

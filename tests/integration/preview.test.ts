import { afterAll, describe, expect, it } from 'vitest';
import { previewMessages } from '../../local/commands/preview.ts';
import { applyPlan } from '../../shared/plan/apply-plan.ts';
import { getPartner, setPausedUntil } from '../../shared/store/partner-repository.ts';
import { examplePlan, validPlan } from '../helpers/plans.ts';
import { useEmbeddedStore } from '../helpers/store.ts';

const embedded = useEmbeddedStore();
afterAll(() => embedded.stop());

const monday = Date.parse('2026-11-23T12:00:00Z');

describe('kept preview', () => {
  it('shows deferrals with their reason, pauses, and summary headlines', async () => {
    const store = await embedded.fresh();
    const plan = examplePlan();
    plan.commitments![0]!.checkInAt = '23:10'; // inside Sam's quiet hours (22:00-07:30)
    plan.pair.sharedWindow = { from: '08:00', to: '21:30' };
    await applyPlan(store, validPlan(plan), monday);
    const lines = await previewMessages(store, monday, 7);

    const checkIn = lines.find((l) => l.kind === 'checkin')!;
    expect(checkIn).toMatchObject({ localTime: '2026-11-24 07:30', note: 'deferred from 23:10: quiet hours' });
    const walk = lines.find((l) => l.kind === 'ritual-reminder' && l.recipient === 'Alex')!;
    expect(walk.note).toBe('deferred from 00:30: shared window'); // 19:30 New York is 00:30 in London
    const summaries = lines.filter((l) => l.kind === 'summary');
    expect(summaries.length).toBe(2);
    for (const s of summaries) expect(s.body).toMatch(/^Your week.*\(so far\)$/);

    const sam = (await getPartner(store, 'sam-alex', 'sam'))!;
    await setPausedUntil(store, sam, '2026-11-26T12:00:00.000Z');
    const paused = await previewMessages(store, monday, 7);
    const samLines = paused.filter((l) => l.recipient === 'Sam' && l.kind === 'affirmation');
    expect(samLines[0]).toMatchObject({ paused: true, note: 'paused until 2026-11-26 07:00' });
    expect(samLines.at(-1)!.paused).toBeUndefined(); // after the pause
  });
});

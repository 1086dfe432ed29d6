import { describe, expect, it } from 'vitest';
import { startSession } from '../../shared/auth/session.ts';
import { applyPlan } from '../../shared/plan/apply-plan.ts';
import { apiHarness, jsonOf } from '../helpers/api-harness.ts';
import { examplePlan, validPlan } from '../helpers/plans.ts';
import { useEmbeddedStore } from '../helpers/store.ts';

const embedded = useEmbeddedStore();

describe('GET /api/export and the shared ritual check-ins', () => {
  it("gives a partner neither the other's note nor the answer the other replaced (undoTo); the author keeps both", async () => {
    const store = await embedded.fresh();
    const clock = { now: Date.parse('2026-11-30T12:00:00Z') };
    const plan = examplePlan();
    plan.affirmations = [];
    plan.commitments = [];
    plan.rituals![0] = { ...plan.rituals![0]!, checkInAfter: 60 } as never;
    await applyPlan(store, validPlan(plan), clock.now);
    const api = apiHarness(store, clock);
    // Up to the night walk's check-in (Tuesday 20:00 New York, asked an hour after).
    for (let t = clock.now; t <= Date.parse('2026-12-02T03:00:00Z'); t += 30 * 60_000) {
      clock.now = t;
      await api.engine.runOnce();
    }
    await api.engine.drain();
    // Sam says missed with a private note, then changes it to kept a minute later.
    await api.text('+15555550101', 'N I left early, we argued about the money');
    clock.now += 60_000;
    await api.text('+15555550101', 'Y');

    const alex = await startSession(store, '+447700900123', clock.now);
    const alexExport = jsonOf(await api.call('GET', '/api/export', alex)).checkIns;
    const walk = alexExport.find((c: { ref: string }) => c.ref === 'ritual:night-walk');
    expect(walk).toMatchObject({ ownerId: 'both', status: 'kept', answeredBy: 'sam' });
    expect(walk).not.toHaveProperty('undoTo');
    expect(walk).not.toHaveProperty('note');
    expect(JSON.stringify(alexExport)).not.toContain('argued');
    expect(JSON.stringify(alexExport)).not.toContain('missed');

    // The log goes through the same view.
    const log = jsonOf(await api.call('GET', '/api/checkins', alex)).checkIns;
    expect(JSON.stringify(log)).not.toContain('argued');

    // Sam's own export still holds what Sam wrote and replaced.
    const sam = await startSession(store, '+15555550101', clock.now);
    const samWalk = jsonOf(await api.call('GET', '/api/export', sam)).checkIns.find(
      (c: { ref: string }) => c.ref === 'ritual:night-walk',
    );
    expect(samWalk.undoTo).toMatchObject({
      by: 'sam',
      answer: 'missed',
      note: 'I left early, we argued about the money',
    });
  });
});

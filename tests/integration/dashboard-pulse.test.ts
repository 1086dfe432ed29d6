import { beforeAll, describe, expect, it } from 'vitest';
import { startSession } from '../../shared/auth/session.ts';
import { applyPlan } from '../../shared/plan/apply-plan.ts';
import { examplePlan, validPlan } from '../helpers/plans.ts';
import { apiHarness, jsonOf, type ApiHarness } from '../helpers/api-harness.ts';
import { ALEX, crossSite, SAM, useScriptedFortnight } from '../helpers/scripted-fortnight.ts';

// The dashboard's routes after one scripted fortnight (tests/helpers/scripted-fortnight.ts).
const fortnight = useScriptedFortnight();
const { clock, session, embedded } = fortnight;
let api: ApiHarness;
beforeAll(() => {
  ({ api } = fortnight.started());
});

describe('the pulse trend and sharing it', () => {
  it("shows Alex's pulse to Sam only while Alex shares it; a bad value names the field", async () => {
    const alex = await session(ALEX);
    const sam = await session(SAM);
    const bad = await api.call('PATCH', '/api/me', alex, { sharePulse: 'yes' });
    expect([bad.status, jsonOf(bad).error.path]).toEqual([400, 'sharePulse']);
    expect((await api.call('PATCH', '/api/me', alex, { sharePulse: true }, crossSite)).status).toBe(403);
    expect(jsonOf(await api.call('GET', '/api/pulse', sam)).theirs).toBeUndefined();

    expect((await api.call('PATCH', '/api/me', alex, { sharePulse: true })).status).toBe(200);
    expect(jsonOf(await api.call('GET', '/api/pulse', alex)).sharing).toBe(true);
    // Alex shares now, but the 8 answered a question asked while private: it stays private
    // (sharing starts with the next question: tests/integration/pulse-sharing.test.ts).
    expect(jsonOf(await api.call('GET', '/api/pulse', sam)).theirs).toEqual({ name: 'Alex', points: [] });
    // Sam still does not share: Alex still sees only Alex's own.
    expect(jsonOf(await api.call('GET', '/api/pulse', alex)).theirs).toBeUndefined();

    expect((await api.call('PATCH', '/api/me', alex, { sharePulse: false })).status).toBe(200);
    expect(jsonOf(await api.call('GET', '/api/pulse', sam)).theirs).toBeUndefined();
  });

  it('refuses to share a pulse the pair does not have, naming the field, and changes nothing', async () => {
    const other = await embedded.fresh();
    await applyPlan(other, validPlan({ ...examplePlan(), rituals: [], affirmations: [] }), clock.now);
    const bare = apiHarness(other, clock);
    const alex = await startSession(other, ALEX, clock.now);
    const refused = await bare.call('PATCH', '/api/me', alex, { sharePulse: true });
    expect([refused.status, jsonOf(refused).error]).toEqual([
      409,
      { code: 'no_pulse', message: 'your pair has no weekly pulse to share', path: 'sharePulse' },
    ]);
    const wrongType = await bare.call('PATCH', '/api/me', alex, { sharePulse: 1 });
    expect([wrongType.status, jsonOf(wrongType).error.path]).toEqual([400, 'sharePulse']);
    expect(jsonOf(await bare.call('GET', '/api/pulse', alex))).toEqual({ asked: false, sharing: false, mine: [] });
    expect(jsonOf(await bare.call('GET', '/api/plan', alex)).plan.partners[1].sharePulse).toBeUndefined();
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { applyPlan } from '../../shared/plan/apply-plan.ts';
import { handleInboundSms } from '../../shared/replies/handle-reply.ts';
import { listSchedules } from '../../shared/store/schedule-repository.ts';
import { putPartner, getPartner } from '../../shared/store/partner-repository.ts';
import { silentLogger } from '../../shared/util/logger.ts';
import { testEngine } from '../helpers/engine.ts';
import { examplePlan, validPlan } from '../helpers/plans.ts';
import { useEmbeddedStore } from '../helpers/store.ts';

const embedded = useEmbeddedStore();
afterAll(() => embedded.stop());

const SAM = '+15555550101';
const ALEX = '+447700900123';
// 01:00 in New York (Sam's quiet hours, 22:00-07:30) and 06:00 in London (Alex has none).
const APPLY = Date.parse('2026-11-26T06:00:00Z');
const SAM_MORNING = Date.parse('2026-11-26T12:30:00Z'); // 07:30 New York
const welcomes = (sent: Array<{ kind: string; to: string; at: number }>) =>
  sent.filter((m) => m.kind === 'welcome').map((m) => ({ to: m.to, at: new Date(m.at).toISOString() }));

describe('the welcome text: a first message at once after setting a couple up', () => {
  it('greets each consenting partner once, at once or when their quiet hours end, and never again', async () => {
    const store = await embedded.fresh();
    const plan = validPlan(examplePlan());
    await applyPlan(store, plan, APPLY, { welcome: true });
    const { clock, engine, sent } = testEngine(store, APPLY);
    await engine.runOnce();
    expect(welcomes(sent)).toEqual([{ to: ALEX, at: '2026-11-26T06:00:00.000Z' }]);
    expect(sent.find((m) => m.kind === 'welcome')?.body).toBe(
      'Welcome to Kept, Alex! You and Sam are set up. Reminders and check-ins come here; answer with Y or N. HELP for help, STOP to opt out.',
    );

    // Re-applying, even with a renamed partner, sends no second welcome.
    const renamed = examplePlan();
    renamed.partners[1]!.name = 'Alexandra';
    const again = await applyPlan(store, validPlan(renamed), APPLY + 60_000, { welcome: true });
    expect(again.changes.map((c) => c.what)).not.toContain('schedule welcome:alex');
    clock.now = SAM_MORNING;
    await engine.runOnce();
    clock.now = SAM_MORNING + 3 * 86_400_000;
    await engine.runOnce();
    expect(welcomes(sent)).toEqual([
      { to: ALEX, at: '2026-11-26T06:00:00.000Z' },
      { to: SAM, at: '2026-11-26T12:30:00.000Z' },
    ]);
  });

  it('sends a pending partner the invitation instead, and nobody who said STOP anything', async () => {
    const store = await embedded.fresh();
    const input = examplePlan();
    input.partners[1]!.consent = 'pending';
    await applyPlan(store, validPlan(input), APPLY, { welcome: true });
    const ids = (await listSchedules(store, 'sam-alex')).map((s) => s.scheduleId);
    expect(ids).toContain('consent-request:alex');
    expect(ids).toContain('welcome:sam');
    expect(ids).not.toContain('welcome:alex');

    const { clock, engine, sent } = testEngine(store, APPLY);
    // Sam opts out before the welcome is due (it waits for the end of Sam's quiet hours).
    await handleInboundSms(
      { store, queue: engine.queue, logger: silentLogger, supportContact: 'help@kept.example' },
      { from: SAM, body: 'STOP', messageId: 'in-1', receivedAt: APPLY },
    );
    await engine.drain();
    clock.now = SAM_MORNING;
    await engine.runOnce();
    expect(welcomes(sent)).toEqual([]);
    expect(sent.map((m) => m.kind)).toContain('consent-request');
  });

  it('is only for setting up: not for plan edits, nor for partners set up more than a day ago', async () => {
    const edited = await embedded.fresh();
    await applyPlan(edited, validPlan(examplePlan()), APPLY);
    expect((await listSchedules(edited, 'sam-alex')).some((s) => s.kind === 'welcome')).toBe(false);

    // A store from before welcomes existed: applying with a welcome does not greet long-time users.
    const day = 86_400_000;
    await applyPlan(edited, validPlan(examplePlan()), APPLY + day + 60_000, { welcome: true });
    expect((await listSchedules(edited, 'sam-alex')).some((s) => s.kind === 'welcome')).toBe(false);
  });

  it('is still added when an apply stopped after writing the partner and is run again', async () => {
    const store = await embedded.fresh();
    const plan = validPlan(examplePlan());
    // What an apply interrupted after its partner writes leaves behind.
    for (const partner of plan.partners) {
      await putPartner(store, {
        pairId: plan.pair.id,
        partnerId: partner.id,
        name: partner.name,
        phone: partner.phone,
        timezone: partner.timezone,
        channel: 'sms',
        profileHash: 'interrupted',
        consent: 'confirmed',
        consentLog: [{ at: new Date(APPLY).toISOString(), status: 'confirmed', source: 'plan' }],
      });
    }
    expect((await getPartner(store, 'sam-alex', 'alex'))?.consent).toBe('confirmed');
    await applyPlan(store, plan, APPLY + 5 * 60_000, { welcome: true });
    const ids = (await listSchedules(store, 'sam-alex')).map((s) => s.scheduleId);
    expect(ids).toEqual(expect.arrayContaining(['welcome:sam', 'welcome:alex']));
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { sendDelivery } from '../../shared/delivery/send.ts';
import { tick } from '../../shared/delivery/tick.ts';
import { InProcessQueue } from '../../shared/delivery/queue.ts';
import { applyPlan } from '../../shared/plan/apply-plan.ts';
import { getDelivery, type DeliveryRef } from '../../shared/store/delivery-repository.ts';
import { listOutbox, listWholeOutbox } from '../../shared/store/message-repository.ts';
import { silentLogger } from '../../shared/util/logger.ts';
import { OutboxChannel } from '../../shared/channels/outbox-channel.ts';
import { examplePlan, validPlan } from '../helpers/plans.ts';
import { useEmbeddedStore } from '../helpers/store.ts';
import { testEngine } from '../helpers/engine.ts';
import { InjectedFault } from '../../local/faults.ts';
import type { Store } from '../../shared/store/store.ts';
import { queryPairPrefix } from '../../shared/store/query-all.ts';

const embedded = useEmbeddedStore();
afterAll(() => embedded.stop());

const at = (iso: string) => Date.parse(iso);
const APPLY = at('2026-11-26T12:00:00Z'); // Thursday
const CHECKIN = at('2026-11-27T01:00:00Z'); // Thursday 20:00 New York

async function setup(plan = examplePlan()) {
  const store = await embedded.fresh();
  await applyPlan(store, validPlan(plan), APPLY);
  return store;
}

describe('the tick and the sender', () => {
  it('sends each due message once, at its time, and nothing early', async () => {
    const store = await setup();
    const { clock, engine, sent } = testEngine(store, CHECKIN - 60_000);
    await engine.runOnce();
    expect(sent.filter((m) => m.kind === 'checkin')).toHaveLength(0);
    clock.now = CHECKIN;
    await engine.runOnce();
    await engine.runOnce(); // a second tick in the same minute plans nothing new
    const checkins = sent.filter((m) => m.kind === 'checkin');
    expect(checkins).toHaveLength(1);
    expect(checkins[0]).toMatchObject({
      to: '+15555550101',
      channel: 'sms',
      body: 'Did you call Alex at lunch today? Reply Y or N',
      at: CHECKIN,
    });
    // The ritual reminders (19:30 New York) went to both partners in the same catch-up.
    expect(
      sent
        .filter((m) => m.kind === 'ritual-reminder')
        .map((m) => m.recipientId)
        .sort(),
    ).toEqual(['alex', 'sam']);
  });

  it('reads only what is due: one item per delivery planned', async () => {
    const store = await setup();
    const queue = new InProcessQueue(() => CHECKIN);
    await tick({ store, queue }, CHECKIN - 31 * 60_000); // the reminders are at 19:30; nothing due yet
    const report = await tick({ store, queue }, CHECKIN);
    expect(report.planned).toBe(3);
    expect(report.itemsRead).toBe(3);
  });

  it('defers a check-in inside quiet hours to the end of the window, and does not count it as late', async () => {
    const plan = examplePlan();
    plan.commitments![0]!.checkInAt = '23:00'; // Sam's quiet hours are 22:00-07:30
    const store = await setup(plan);
    const { clock, engine, sent } = testEngine(store, at('2026-11-27T04:00:00Z')); // 23:00 New York
    await engine.runOnce();
    expect(sent.filter((m) => m.kind === 'checkin')).toHaveLength(0);
    clock.now = at('2026-11-27T12:30:00Z'); // 07:30 New York, 8.5 hours after the nominal time
    await engine.runOnce();
    expect(sent.filter((m) => m.kind === 'checkin')).toHaveLength(1);
  });

  it('catches up after downtime, and records what is more than 2 hours late as expired instead of sending it', async () => {
    const store = await setup();
    // Down from before the 19:30 reminders until 21:45 New York: the reminders are 2h15 late, the check-in 1h45.
    const { clock, engine, sent } = testEngine(store, at('2026-11-27T02:45:00Z'));
    await engine.runOnce();
    expect(sent.map((m) => m.kind)).toEqual(['checkin']);
    const reminder = await getDelivery(store, {
      pairId: 'sam-alex',
      deliveryKey: 'DLV#2026-11-27T00:30:00Z#ritual-reminder:night-walk:sam',
    });
    expect(reminder?.status).toBe('expired');
    // Three days down: every missed occurrence is recorded, none is sent at 3 a.m., and the schedule is current again.
    clock.now = at('2026-11-30T08:00:00Z');
    await engine.runOnce();
    expect(sent).toHaveLength(1);
    clock.now = at('2026-11-30T13:00:00Z'); // 08:00 New York: today's affirmation goes out
    await engine.runOnce();
    expect(sent.map((m) => m.kind)).toEqual(['checkin', 'affirmation']);
  });

  it('survives a crash at every step of planning and sending without losing or doubling', async () => {
    // Each run crashes once, right after the N-th write; then the process "restarts" (new queue) and runs again.
    for (let crashAfterWrite = 1; crashAfterWrite <= 9; crashAfterWrite++) {
      const store = await setup();
      const crashing = crashAfter(store, crashAfterWrite);
      const { engine, sent } = testEngine(crashing, CHECKIN);
      await engine.runOnce();
      // Restart: a fresh in-memory queue, the same store. The lease brings back anything lost with the old queue.
      const restarted = testEngine(store, CHECKIN + 11 * 60_000);
      await restarted.engine.runOnce();
      await restarted.engine.runOnce();
      const delivered = await listWholeOutbox(store);
      const keys = delivered.map((m) => `${m.kind}:${m.recipientId}`).sort();
      expect(keys, `crash after write ${crashAfterWrite}`).toEqual([
        'checkin:sam',
        'ritual-reminder:alex',
        'ritual-reminder:sam',
      ]);
      // Every delivery is finished: nothing is left planned to go out again later.
      for (const m of delivered) expect(Date.parse(m.sentAt) - m.dueAt).toBeLessThanOrEqual(41 * 60_000);
      expect(sent.length + restarted.sent.length).toBeLessThanOrEqual(3);
      const deliveries = await queryPairPrefix(store, 'PAIR#sam-alex', 'DLV#');
      expect(
        deliveries.filter((d) => d.status === 'planned'),
        `crash after write ${crashAfterWrite}`,
      ).toEqual([]);
    }
  });

  it('sends a delivery once even when the queue delivers it twice, concurrently', async () => {
    const store = await setup();
    const queue = new InProcessQueue(() => CHECKIN);
    await tick({ store, queue }, CHECKIN);
    const refs = queue.takeVisible(CHECKIN).map((q) => q.ref);
    const outbox = new OutboxChannel(store);
    const deps = { store, channels: { sms: outbox, email: outbox }, logger: silentLogger };
    const outcomes = await Promise.all([...refs, ...refs].map((ref: DeliveryRef) => sendDelivery(deps, ref, CHECKIN)));
    expect(outcomes.filter((o) => o === 'sent')).toHaveLength(3);
    expect(await listOutbox(store)).toHaveLength(3);
  });

  it('sends a pending partner nothing but the consent request', async () => {
    const plan = examplePlan();
    plan.partners[1]!.consent = 'pending';
    const store = await setup(plan);
    const { clock, engine, sent } = testEngine(store, APPLY);
    await engine.runOnce();
    clock.now = CHECKIN;
    await engine.runOnce();
    const toAlex = sent.filter((m) => m.recipientId === 'alex');
    expect(toAlex.map((m) => m.kind)).toEqual(['consent-request']);
    expect(toAlex[0]!.body).toBe(
      'Sam invited you to Kept: reminders for the promises you make each other. Reply YES to join, STOP to opt out. Msg&data rates may apply.',
    );
  });
});

/** A store that crashes (throws after the write happened) on its n-th write. */
function crashAfter(store: Store, n: number): Store {
  let writes = 0;
  const inner = store.doc;
  const doc = Object.create(inner);
  doc.send = async (command: { constructor: { name: string } }) => {
    const result = await (inner.send as (c: unknown) => Promise<unknown>)(command);
    if (/Put|Update|Delete/.test(command.constructor.name) && ++writes === n)
      throw new InjectedFault(`crash after write ${n}`);
    return result;
  };
  return { ...store, doc };
}

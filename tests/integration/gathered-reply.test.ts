import { afterAll, describe, expect, it } from 'vitest';
import { handleInboundSms } from '../../shared/replies/handle-reply.ts';
import { listCheckIns } from '../../shared/store/checkin-repository.ts';
import { listPulses } from '../../shared/store/pulse-repository.ts';
import { claimInbound, getInbound } from '../../shared/store/inbound-repository.ts';
import { silentLogger } from '../../shared/util/logger.ts';
import { ALEX, couple, SAM } from '../helpers/couple.ts';
import { examplePlan } from '../helpers/plans.ts';
import { useEmbeddedStore } from '../helpers/store.ts';

const embedded = useEmbeddedStore();
afterAll(() => embedded.stop());

/** Sam's check-in is out (01:00); it is 01:05 and he answers. */
async function answering() {
  const c = await couple(await embedded.fresh());
  await c.at('2026-11-24T01:00:00Z');
  c.clock.now = Date.parse('2026-11-24T01:05:00Z');
  const deps = { store: c.store, queue: c.engine.queue, logger: silentLogger, supportContact: 'help@kept.example' };
  const text = (body: string, messageId: string) =>
    handleInboundSms(deps, { from: SAM, body, messageId, receivedAt: c.clock.now });
  const statuses = async () =>
    (await listCheckIns(c.store, 'sam-alex', 0, Date.parse('2100-01-01T00:00:00Z'))).map((x) => x.status);
  const settle = async () => {
    await c.engine.drain();
    await c.at('2026-11-24T01:16:00Z'); // past the kept notice's settle window
  };
  return { c, text, statuses, settle };
}

describe('a reply handled in one transaction', () => {
  it('writes the answer, the kept notice, the reply and the inbound record together; a retry gets the same reply', async () => {
    const { c, text, statuses, settle } = await answering();
    const before = c.store.requests.mark();
    const first = await text('Y', 'SMonce');
    expect(c.store.requests.since(before).byCommand.TransactWriteItemsCommand).toBe(1);
    expect(first.outcome).toBe('logged');
    expect(await getInbound(c.store, 'sam-alex', 'SMonce')).toMatchObject({ status: 'done', reply: first.reply });
    // Twilio's retry: recognised by the record's condition, nothing written twice.
    expect(await text('Y', 'SMonce')).toEqual({ outcome: 'duplicate', reply: first.reply });
    await settle();
    expect((await c.messagesTo(SAM)).filter((m) => m.kind === 'reply')).toHaveLength(1);
    expect((await c.messagesTo(ALEX)).filter((m) => m.kind === 'kept-notice')).toHaveLength(1);
    expect(await statuses()).toEqual(['kept']);
  });

  it('finishes step by step a text an earlier attempt claimed and then died on', async () => {
    const { c, text, statuses, settle } = await answering();
    // The earlier attempt (step by step) got as far as the inbound record.
    await claimInbound(c.store, {
      pairId: 'sam-alex',
      partnerId: 'sam',
      messageId: 'SMhalf',
      body: 'Y',
      receivedAt: c.clock.now,
    });
    const retry = await text('Y', 'SMhalf');
    expect(retry.outcome).toBe('logged');
    expect(await getInbound(c.store, 'sam-alex', 'SMhalf')).toMatchObject({ status: 'done' });
    await settle();
    expect((await c.messagesTo(SAM)).filter((m) => m.kind === 'reply')).toHaveLength(1);
    expect((await c.messagesTo(ALEX)).filter((m) => m.kind === 'kept-notice')).toHaveLength(1);
    expect(await statuses()).toEqual(['kept']);
  });

  it('handles step by step a text naming one check-in twice (a transaction writes each item once)', async () => {
    const { c, text, statuses } = await answering();
    const before = c.store.requests.mark();
    const result = await text('1Y 1N', 'SMtwice');
    expect(c.store.requests.since(before).byCommand.TransactWriteItemsCommand).toBeUndefined();
    expect(result.outcome).toBe('logged');
    expect(await statuses()).toEqual(['missed']); // the latest answer stands
  });

  it('a second Y after an N plans no second kept notice (the check-in is marked with the first)', async () => {
    const { c, text, settle } = await answering();
    await text('Y', 'SMy1');
    await text('N', 'SMn');
    await text('Y', 'SMy2');
    await settle();
    expect((await c.messagesTo(ALEX)).filter((m) => m.kind === 'kept-notice')).toHaveLength(1);
  });

  it('a pulse number is gathered too: its answer, the reply and the inbound record in one transaction; the first number stands', async () => {
    const plan = { ...examplePlan(), commitments: [], rituals: [], affirmations: [] };
    plan.pulse = { day: 'SU', at: '17:00' };
    const c = await couple(await embedded.fresh(), { plan });
    await c.at('2026-11-29T17:00:00Z'); // Alex's pulse question (17:00 London)
    c.clock.now = Date.parse('2026-11-29T17:05:00Z');
    const deps = { store: c.store, queue: c.engine.queue, logger: silentLogger, supportContact: 'help@kept.example' };
    const text = (body: string, messageId: string) =>
      handleInboundSms(deps, { from: ALEX, body, messageId, receivedAt: c.clock.now });
    const values = async () =>
      (await listPulses(c.store, 'sam-alex', 0, c.clock.now)).filter((p) => p.partnerId === 'alex').map((p) => p.value);
    const before = c.store.requests.mark();
    const first = await text('8', 'SMpulse');
    expect(c.store.requests.since(before).byCommand).toMatchObject({ TransactWriteItemsCommand: 1 });
    expect(c.store.requests.since(before).byCommand.UpdateCommand).toBeUndefined(); // not step by step
    expect(first).toEqual({ outcome: 'pulse', reply: 'Noted: 8. It shows in your own weekly summary as a trend.' });
    expect(await values()).toEqual([8]);
    expect(await text('8', 'SMpulse')).toEqual({ outcome: 'duplicate', reply: first.reply });
    // The pulse no longer waits: a later number is not a pulse answer, and the 8 stands.
    expect((await text('9', 'SMpulse2')).outcome).not.toBe('pulse');
    expect(await values()).toEqual([8]);
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { handleInboundSms } from '../../shared/replies/handle-reply.ts';
import { silentLogger } from '../../shared/util/logger.ts';
import { ALEX, couple, SAM } from '../helpers/couple.ts';
import { examplePlan } from '../helpers/plans.ts';
import { useEmbeddedStore } from '../helpers/store.ts';

const embedded = useEmbeddedStore();
afterAll(() => embedded.stop());

/**
 * Store requests per inbound text, counted on the store's client: on DynamoDB each one is a
 * round trip, most of them before the webhook can answer. A change that adds one fails here.
 */
const BUDGET = {
  /** The sender's partner (phone index), the other partner, the check-ins, then one transaction. */
  yBeforeAnswer: 4,
  /** With the reply's send: the delivery and its recipient in one read, then one transaction. */
  yWithSend: 6,
  /** WEEK needs no other partner: three before the answer, two for the send. */
  week: 5,
  /** The minute tick (4 shard queries) bringing the settled kept notice back, and its send. */
  settledNotice: 7,
  /**
   * A number answering the weekly pulse, before the answer, from a rater who does not share: its
   * write gathered with the reply's (a write outside the gathering would handle the text twice: 11).
   */
  privatePulse: 5,
  /** From a rater who shares: whether they still share as they answer is read too. */
  sharedPulse: 6,
};

async function measured(run: () => Promise<unknown>, meter: { total: number }) {
  const before = meter.total;
  await run();
  return meter.total - before;
}

describe('store requests per inbound text', () => {
  it('a Y to an open check-in, and a WEEK, stay within their budgets', async () => {
    const c = await couple(await embedded.fresh());
    await c.at('2026-11-24T01:00:00Z'); // Sam's check-in goes out
    c.clock.now = Date.parse('2026-11-24T01:05:00Z');
    const meter = c.store.requests;
    let sid = 0;
    const deps = { store: c.store, queue: c.engine.queue, logger: silentLogger, supportContact: 'help@kept.example' };
    const handle = (from: string, body: string) =>
      handleInboundSms(deps, { from, body, messageId: `SMcount${++sid}`, receivedAt: c.clock.now });
    const mark = meter.mark();
    const answered = await measured(() => handle(SAM, 'Y'), meter);
    const replied = await measured(() => c.engine.drain(), meter);
    // The kept notice waits 10 minutes for the answer to settle; the tick then brings it to the sender.
    c.clock.now += 10 * 60_000;
    const noticed = await measured(() => c.engine.runOnce(), meter);
    const withSend = answered + replied;
    expect(meter.since(mark).total).toBe(withSend + noticed);
    expect((await c.messagesTo(ALEX)).map((m) => m.kind)).toContain('kept-notice');
    const week = await measured(async () => {
      await handle(SAM, 'WEEK');
      await c.engine.drain();
    }, meter);
    expect(answered).toBeLessThanOrEqual(BUDGET.yBeforeAnswer);
    expect(withSend).toBeLessThanOrEqual(BUDGET.yWithSend);
    expect(noticed).toBeLessThanOrEqual(BUDGET.settledNotice);
    expect(week).toBeLessThanOrEqual(BUDGET.week);
  });

  it('a number answering the weekly pulse stays within its budget, shared or not', async () => {
    const answer = async (alexShares: boolean) => {
      const plan = { ...examplePlan(), commitments: [], rituals: [], affirmations: [] };
      plan.pulse = { day: 'SU', at: '17:00' };
      if (alexShares) plan.partners = plan.partners.map((p) => (p.id === 'alex' ? { ...p, sharePulse: true } : p));
      const c = await couple(await embedded.fresh(), { plan });
      await c.at('2026-11-29T17:00:00Z'); // Alex's pulse question (17:00 London)
      c.clock.now = Date.parse('2026-11-29T17:05:00Z');
      const deps = { store: c.store, queue: c.engine.queue, logger: silentLogger, supportContact: 'help@kept.example' };
      const used = await measured(
        () => handleInboundSms(deps, { from: ALEX, body: '8', messageId: 'SMpulse', receivedAt: c.clock.now }),
        c.store.requests,
      );
      await c.engine.drain();
      expect((await c.messagesTo(ALEX)).at(-1)?.body).toMatch(/^Noted: 8\./);
      return used;
    };
    const [privately, shared] = [await answer(false), await answer(true)];
    expect(privately).toBeLessThanOrEqual(BUDGET.privatePulse);
    expect(shared).toBeLessThanOrEqual(BUDGET.sharedPulse);
    // A question asked while private cannot lose a shared mark: its answer reads no sharing.
    expect(shared).toBeGreaterThan(privately);
  });
});

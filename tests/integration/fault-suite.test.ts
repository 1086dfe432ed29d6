import { readFileSync } from 'node:fs';
import { describe, expect, it, afterAll } from 'vitest';
import { simulate, type SimulatedMessage } from '../../local/simulate.ts';
import { InjectedFault } from '../../local/faults.ts';
import { handleInboundSms } from '../../shared/replies/handle-reply.ts';
import { listCheckIns } from '../../shared/store/checkin-repository.ts';
import type { Store } from '../../shared/store/store.ts';
import { silentLogger } from '../../shared/util/logger.ts';
import { examplePlan, validPlan } from '../helpers/plans.ts';
import { useEmbeddedStore } from '../helpers/store.ts';
import { ALEX, SAM, couple } from '../helpers/couple.ts';

const from = Date.parse('2026-11-23T05:00:00Z');
const until = Date.parse('2026-11-27T05:00:00Z');
const replies = JSON.parse(readFileSync(new URL('../../examples/replies.json', import.meta.url), 'utf8'));
const identity = (m: SimulatedMessage) => `${m.kind}|${m.to}|${m.body}`;
const embedded = useEmbeddedStore();
afterAll(() => embedded.stop());

function expectSameDelivered(clean: SimulatedMessage[], faulty: SimulatedMessage[], maxLateMs: number, label: string) {
  expect(faulty.map(identity).sort(), label).toEqual(clean.map(identity).sort());
  const cleanTimes = new Map<string, number[]>();
  for (const m of clean) cleanTimes.set(identity(m), [...(cleanTimes.get(identity(m)) ?? []), Date.parse(m.at)]);
  for (const m of faulty) {
    const lateness = Math.min(
      ...cleanTimes
        .get(identity(m))!
        .map((t) => Date.parse(m.at) - t)
        .filter((d) => d >= 0),
    );
    expect(lateness, `${label}: ${m.kind} at ${m.at}`).toBeLessThanOrEqual(maxLateMs);
  }
}

describe('fault injection: the delivered set equals the fault-free run', () => {
  it.each([
    ['a store that throttles 20% of requests', 'throttle' as const, 0.2],
    ['a store that reports 20% of conditional writes as failed after they took effect', 'condition' as const, 0.2],
    [
      "a store where 20% of writes find an item held by another transaction (DynamoDB's conflict answers)",
      'conflict' as const,
      0.2,
    ],
  ])('%s: nothing lost, nothing doubled, nothing stale', async (_name, kind, rate) => {
    const plan = validPlan(examplePlan());
    const clean = await simulate(plan, { from, until, replies });
    for (const seed of [3, 9]) {
      const faulty = await simulate(plan, { from, until, replies, faults: { rate, seed, kind } });
      // A refused final write leaves a delivery planned until its 10-minute lease brings it back;
      // the message itself went out on time and is not sent again.
      expectSameDelivered(clean, faulty, 5 * 60_000, `${kind} seed ${seed}`);
    }
  });

  it('a restart after 3 hours of downtime: what is over 2 hours late expires, the rest goes out late, once', async () => {
    const store = await embedded.fresh();
    const c = await couple(store);
    await c.at('2026-11-25T00:29:00Z'); // up until just before Tuesday's 19:30 reminders (New York)
    // Down from 00:29 to 03:29: reminders (00:30) and the check-in (01:00) are past 2 hours; Alex's ritual check-in (03:00) is not.
    await c.at('2026-11-25T03:29:00Z');
    await c.at('2026-11-25T03:30:00Z');
    const after = (await c.messages()).filter((m) => m.sentAt >= '2026-11-25T00:00:00Z');
    expect(after.map((m) => `${m.kind}:${m.recipientId}:${m.sentAt.slice(11, 16)}`).sort()).toEqual([
      'ritual-checkin:alex:03:29',
    ]);
    const fresh = await embedded.fresh();
    const steady = await couple(fresh);
    for (const t of ['00:29', '00:30', '01:00', '03:00']) await steady.at(`2026-11-25T${t}:00Z`);
    const expected = (await steady.messages())
      .filter((m) => m.sentAt >= '2026-11-25T00:00:00Z')
      .map((m) => `${m.kind}:${m.recipientId}`)
      .sort();
    expect(expected).toEqual(['checkin:sam', 'ritual-checkin:alex', 'ritual-reminder:alex', 'ritual-reminder:sam']);
  });

  it('a webhook whose processing dies after the reply was planned: the retry answers once and logs once', async () => {
    const store = await embedded.fresh();
    const c = await couple(store);
    await c.at('2026-11-24T01:00:00Z');
    // Crash right after the write that marks the inbound text done: the reply and the kept notice
    // were planned before it, or with it (one transaction where the store has them).
    let crashed = false;
    const inner = store.doc;
    const doc = Object.create(inner);
    const marksDone = (command: { constructor: { name: string }; input: Record<string, unknown> }) =>
      (command.constructor.name === 'UpdateCommand' &&
        String((command.input.Key as { SK?: string } | undefined)?.SK).startsWith('IN#')) ||
      (command.constructor.name === 'TransactWriteCommand' && JSON.stringify(command.input).includes('"IN#'));
    doc.send = async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      const result = await (inner.send as (x: unknown) => Promise<unknown>)(command);
      if (!crashed && marksDone(command)) {
        crashed = true;
        throw new InjectedFault('crash after the reply was planned');
      }
      return result;
    };
    const dying: Store = { ...store, doc };
    const deps = { store: dying, queue: c.engine.queue, logger: silentLogger, supportContact: 'x' };
    const inbound = { from: SAM, body: 'Y', messageId: 'SMretry', receivedAt: c.clock.now };
    await expect(handleInboundSms(deps, inbound)).rejects.toThrow(InjectedFault);
    await handleInboundSms(deps, inbound); // Twilio's retry
    await handleInboundSms(deps, inbound); // and another
    await c.at('2026-11-24T01:10:00Z'); // past the kept notice's settle window
    expect((await c.messagesTo(SAM)).filter((m) => m.kind === 'reply')).toHaveLength(1);
    expect((await c.messagesTo(ALEX)).filter((m) => m.kind === 'kept-notice')).toHaveLength(1);
    expect((await listCheckIns(store, 'sam-alex', 0, Date.parse('2100-01-01T00:00:00Z'))).map((x) => x.status)).toEqual(
      ['kept'],
    );
  });
});

import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Channel, ChannelSet } from '../../shared/channels/channel.ts';
import { InProcessQueue } from '../../shared/delivery/queue.ts';
import { sendDelivery, type SendDeps, type SendOutcome } from '../../shared/delivery/send.ts';
import { tick } from '../../shared/delivery/tick.ts';
import type { PlanInput } from '../../shared/model/plan.ts';
import { applyPlan } from '../../shared/plan/apply-plan.ts';
import { CLAIM_LEASE_MS } from '../../shared/store/channel-claims.ts';
import { getDelivery, type DeliveryRef } from '../../shared/store/delivery-repository.ts';
import type { Store } from '../../shared/store/store.ts';
import { silentLogger } from '../../shared/util/logger.ts';
import { validatePlan } from '../../shared/model/validate-plan.ts';

/** The instant the example plan's check-in and ritual reminders are due (3 per couple). */
export const RACE_AT = Date.parse('2026-11-27T01:00:00Z');

/** `count` couples like the README's, each with its own numbers and addresses, on `channel`. */
export async function seedCouples(store: Store, count: number, channel: 'sms' | 'email', plan: () => PlanInput) {
  for (let i = 0; i < count; i++) {
    const input = plan();
    input.pair = { id: `pair-${i}`, name: `Pair ${i}` };
    input.partners.forEach((partner, p) => {
      partner.phone = `+1555${String(i * 2 + p).padStart(7, '0')}`;
      partner.email = `p${i}-${p}@example.com`;
      partner.channel = channel;
    });
    const result = validatePlan(input);
    if (!result.ok) throw new Error(result.problems.join('\n'));
    await applyPlan(store, result.plan, RACE_AT - 86_400_000);
  }
}

class SenderCrashed extends Error {
  constructor() {
    super('injected: the sender process died');
    this.name = 'SenderCrashed';
  }
}

/**
 * One sender process that may die: once dead, every store request it makes fails (a dead
 * process writes nothing more), so its claims stay until their lease runs out. It dies at
 * random with `crashRate`, half the time right before calling the provider, half the time
 * right after the provider accepted the message.
 */
function mortalSender(base: SendDeps, crashRate: number, random: () => number): SendDeps {
  let dead = false;
  const inner = base.store.doc;
  const doc = Object.create(inner) as DynamoDBDocumentClient;
  doc.send = (async (command: unknown) => {
    if (dead) throw new SenderCrashed();
    return (inner.send as (c: unknown) => Promise<unknown>)(command);
  }) as DynamoDBDocumentClient['send'];
  const mortal = (channel: Channel): Channel => ({
    transport: channel.transport,
    reconcile: channel.reconcile?.bind(channel),
    async send(message, now) {
      const roll = random();
      if (roll < crashRate / 2) {
        dead = true;
        throw new SenderCrashed();
      }
      const result = await channel.send(message, now);
      if (roll < crashRate) {
        dead = true;
        throw new SenderCrashed();
      }
      return result;
    },
  });
  const channels: ChannelSet = { sms: mortal(base.channels.sms), email: mortal(base.channels.email) };
  return { ...base, store: { ...base.store, doc }, channels };
}

/**
 * `senders` senders take the same deliveries at the same moment (as SQS's at-least-once
 * delivery, an overlapping tick, or a lease re-queue would hand them out), each provider call
 * killing its sender with `crashRate`; then time passes and fresh senders take what is left,
 * round after round, until every delivery is finished.
 * Returns the deliveries and every outcome.
 */
export async function raceSenders(options: {
  store: Store;
  channels: ChannelSet;
  senders: number;
  crashRate: number;
  random: () => number;
  rounds?: number;
  /** The race's clock, for a provider stand-in that stamps messages with it. */
  clock?: { now: number };
}): Promise<{ refs: DeliveryRef[]; outcomes: SendOutcome[]; crashes: number; attempts: number }> {
  const { store, channels, senders, crashRate, random } = options;
  const queue = new InProcessQueue(() => RACE_AT);
  await tick({ store, queue }, RACE_AT);
  const refs = queue.takeVisible(RACE_AT).map((item) => item.ref);
  const outcomes: SendOutcome[] = [];
  let crashes = 0;
  let work = refs;
  const clock = options.clock ?? { now: RACE_AT };
  clock.now = RACE_AT;
  let now = RACE_AT;
  for (let round = 0; round < (options.rounds ?? 100) && work.length > 0; round++) {
    const base: SendDeps = { store, channels, logger: silentLogger, random };
    await Promise.all(
      Array.from({ length: senders }, async (_, s) => {
        const deps = mortalSender(base, crashRate, random);
        // Each sender walks the same deliveries from a different starting point.
        const order = work.map((_, i) => work[(i + s * Math.ceil(work.length / senders)) % work.length]!);
        for (const ref of order) {
          try {
            outcomes.push(await sendDelivery(deps, ref, now));
          } catch (error) {
            if (error instanceof SenderCrashed) {
              crashes++;
              return; // this process is gone; its queue messages come back (SQS) and the tick re-queues its claims
            }
            throw error;
          }
        }
      }),
    );
    // Later, with fresh processes: the claims of the dead have run out; what is not finished
    // comes back (SQS redelivers what was not deleted, the tick re-queues the rest).
    now += CLAIM_LEASE_MS + 60_000;
    clock.now = now;
    await tick({ store, queue: new InProcessQueue(() => now) }, now);
    const left: DeliveryRef[] = [];
    for (const ref of refs) if ((await getDelivery(store, ref))?.status === 'planned') left.push(ref);
    work = left;
  }
  return { refs, outcomes, crashes, attempts: outcomes.length + crashes };
}

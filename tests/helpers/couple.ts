import type { ChannelSet } from '../../shared/channels/channel.ts';
import { type ApplyOptions, applyPlan } from '../../shared/plan/apply-plan.ts';
import type { PlanInput } from '../../shared/model/plan.ts';
import { handleInboundSms } from '../../shared/replies/handle-reply.ts';
import { listWholeOutbox } from '../../shared/store/message-repository.ts';
import type { Store } from '../../shared/store/store.ts';
import { silentLogger } from '../../shared/util/logger.ts';
import { testEngine } from './engine.ts';
import { examplePlan, validPlan } from './plans.ts';

export const SAM = '+15555550101';
export const ALEX = '+447700900123';

/**
 * A couple on a virtual clock: the real engine and reply handler against the embedded store.
 * `at(iso)` moves the clock and runs the tick and the sender; `text(from, body)` is an inbound SMS.
 */
export async function couple(
  store: Store,
  options: {
    plan?: PlanInput;
    start?: string;
    apply?: ApplyOptions;
    links?: { secret: string; publicUrl: string };
    /** Other channels in place of the outbox (a provider stand-in over HTTP). */
    wrap?: (channels: ChannelSet) => ChannelSet;
  } = {},
) {
  const start = Date.parse(options.start ?? '2026-11-23T12:00:00Z'); // Monday
  await applyPlan(store, validPlan(options.plan ?? examplePlan()), start, options.apply);
  const { clock, engine } = testEngine(store, start, options.wrap, options.links);
  let inboundId = 0;
  const deps = { store, queue: engine.queue, logger: silentLogger, supportContact: 'help@kept.example' };
  const self = {
    store,
    clock,
    engine,
    async at(iso: string) {
      clock.now = Date.parse(iso);
      await engine.runOnce();
    },
    async text(from: string, body: string, messageId = `in-${++inboundId}`) {
      const result = await handleInboundSms(deps, { from, body, messageId, receivedAt: clock.now });
      await engine.drain();
      return result;
    },
    /** Every message delivered so far, oldest first. */
    async messages() {
      return (await listWholeOutbox(store)).sort((a, b) => a.sentAt.localeCompare(b.sentAt));
    },
    async messagesTo(phone: string, since = 0) {
      return (await self.messages()).filter((m) => m.to === phone && Date.parse(m.sentAt) >= since);
    },
  };
  await engine.runOnce();
  return self;
}

import type { ChannelSet } from '../../shared/channels/channel.ts';
import { OutboxChannel } from '../../shared/channels/outbox-channel.ts';
import { SesEmailChannel } from '../../shared/channels/ses-email-channel.ts';
import { TwilioSmsChannel } from '../../shared/channels/twilio-sms-channel.ts';
import { InProcessQueue } from '../../shared/delivery/queue.ts';
import { sendDelivery, type SendOutcome } from '../../shared/delivery/send.ts';
import { memoryMetrics } from '../../shared/delivery/send-metrics.ts';
import { tick } from '../../shared/delivery/tick.ts';
import { seededRandom } from '../../local/faults.ts';
import { applyPlan } from '../../shared/plan/apply-plan.ts';
import type { Store } from '../../shared/store/store.ts';
import type { Logger } from '../../shared/util/logger.ts';
import { examplePlan, validPlan } from './plans.ts';

export const CHECKIN = Date.parse('2026-11-27T01:00:00Z');
export const LINKS = { secret: 'a-link-signing-secret-of-enough-length', publicUrl: 'https://kept.example.com' };

/** Log lines kept as text, to check what a refusal logs (and that no address is in it). */
export function capturingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const log = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
  return { lines, info: log('info'), warn: log('warn'), error: log('error') };
}

/** Sam's 20:00 check-in, planned and queued, on `channel`; returns a sender and what it saw. */
export async function plannedCheckIn(
  store: Store,
  channel: 'sms' | 'email',
  providers: { twilio: { url: string; sid: string; token: string }; sesUrl: string },
) {
  const plan = examplePlan();
  plan.rituals = [];
  plan.affirmations = [];
  plan.partners[0]!.channel = channel;
  plan.partners[0]!.email = `sam-${Math.random().toString(36).slice(2)}@example.com`;
  await applyPlan(store, validPlan(plan), CHECKIN - 3_600_000);
  const queue = new InProcessQueue(() => CHECKIN);
  await tick({ store, queue }, CHECKIN);
  const [item] = queue.takeVisible(CHECKIN);
  const channels: ChannelSet = {
    sms: new TwilioSmsChannel({
      accountSid: providers.twilio.sid,
      authToken: providers.twilio.token,
      apiUrl: providers.twilio.url,
      from: '+15550001111',
    }),
    email:
      channel === 'email'
        ? new SesEmailChannel(
            { from: 'kept@example.com', region: 'us-east-1', endpoint: providers.sesUrl },
            () => 'https://u',
          )
        : new OutboxChannel(store),
  };
  const metrics = memoryMetrics();
  const logger = capturingLogger();
  const deps = { store, channels, logger, metrics, links: LINKS, random: seededRandom(3) };
  return {
    store,
    deps,
    queue,
    ref: item!.ref,
    metrics,
    logger,
    email: plan.partners[0]!.email,
    send: (at: number): Promise<SendOutcome> => sendDelivery(deps, item!.ref, at),
  };
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxChannel } from '../../shared/channels/outbox-channel.ts';
import { TransientChannelError } from '../../shared/channels/channel.ts';
import { TwilioSmsChannel } from '../../shared/channels/twilio-sms-channel.ts';
import { InProcessQueue } from '../../shared/delivery/queue.ts';
import { sendDelivery } from '../../shared/delivery/send.ts';
import { tick } from '../../shared/delivery/tick.ts';
import { applyPlan } from '../../shared/plan/apply-plan.ts';
import { CLAIM_LEASE_MS } from '../../shared/store/channel-claims.ts';
import { getDelivery } from '../../shared/store/delivery-repository.ts';
import { listWholeOutbox } from '../../shared/store/message-repository.ts';
import { getPartner } from '../../shared/store/partner-repository.ts';
import type { Store } from '../../shared/store/store.ts';
import { silentLogger } from '../../shared/util/logger.ts';
import { examplePlan, validPlan } from '../helpers/plans.ts';
import { useEmbeddedStore } from '../helpers/store.ts';
import { startTwilioFake, twilioError } from '../helpers/twilio-fake.ts';

const SID = `AC${'1'.repeat(32)}`;
const TOKEN = 'test-auth-token-123';
const embedded = useEmbeddedStore();
let fake: Awaited<ReturnType<typeof startTwilioFake>>;
const twilioClock = { now: () => Date.parse('2026-11-27T01:00:00Z') }; // Twilio's clock agrees with the test's
beforeAll(async () => {
  fake = await startTwilioFake(SID, TOKEN, twilioClock);
});
afterAll(async () => {
  await fake.close();
  await embedded.stop();
});

const CHECKIN = Date.parse('2026-11-27T01:00:00Z');

/** Sam's check-in planned and queued; returns a function that runs the sender once. */
async function plannedCheckIn(store: Store, channel: TwilioSmsChannel) {
  const plan = examplePlan();
  plan.rituals = [];
  plan.affirmations = [];
  await applyPlan(store, validPlan(plan), CHECKIN - 3_600_000);
  const queue = new InProcessQueue(() => CHECKIN);
  await tick({ store, queue }, CHECKIN);
  const [item] = queue.takeVisible(CHECKIN);
  const outbox = new OutboxChannel(store); // stands in for email in these tests
  const deps = { store, channels: { sms: channel, email: outbox }, logger: silentLogger };
  return { ref: item!.ref, send: (at = CHECKIN) => sendDelivery(deps, item!.ref, at) };
}

const channelFor = (options: { timeoutMs?: number; messagingService?: boolean } = {}) =>
  new TwilioSmsChannel(
    {
      accountSid: SID,
      authToken: TOKEN,
      apiUrl: fake.url,
      ...(options.messagingService ? { messagingServiceSid: `MG${'2'.repeat(32)}` } : { from: '+15550001111' }),
    },
    'https://kept.example.com/webhooks/twilio/status',
    options.timeoutMs,
  );

const sentTo = (phone: string) => fake.messages.filter((m) => m.to === phone);

describe('the Twilio SMS channel against a Twilio-compatible server over HTTP', () => {
  it('sends with Basic auth, From, a status callback and a validity period', async () => {
    const store = await embedded.fresh();
    fake.messages.length = 0;
    const { send } = await plannedCheckIn(store, channelFor());
    expect(await send()).toBe('sent');
    const [message] = sentTo('+15555550101');
    expect(message).toMatchObject({
      from: '+15550001111',
      body: 'Did you call Alex at lunch today? Reply Y or N',
      statusCallback: 'https://kept.example.com/webhooks/twilio/status',
      validityPeriod: '7200', // dropped by Twilio once it would be more than 2 hours late
      auth: `Basic ${Buffer.from(`${SID}:${TOKEN}`).toString('base64')}`,
    });
  });

  it('uses the messaging service when one is configured', async () => {
    const store = await embedded.fresh();
    fake.messages.length = 0;
    const { send } = await plannedCheckIn(store, channelFor({ messagingService: true }));
    await send();
    expect(sentTo('+15555550101')[0]).toMatchObject({ messagingServiceSid: `MG${'2'.repeat(32)}`, from: undefined });
  });

  it('retries after 503 Service Unavailable: sent once in the end, never twice', async () => {
    const store = await embedded.fresh();
    fake.messages.length = 0;
    const { send } = await plannedCheckIn(store, channelFor());
    fake.failNext(twilioError(503, 20503, 'Service Unavailable'));
    await expect(send()).rejects.toThrow(TransientChannelError);
    expect(await send(CHECKIN + 10_000)).toBe('sent');
    expect(sentTo('+15555550101')).toHaveLength(1);
  });

  it('throttled (429 / 20429): backs off, never records it as sent, then sends once', async () => {
    const store = await embedded.fresh();
    fake.messages.length = 0;
    const { send, ref } = await plannedCheckIn(store, channelFor());
    fake.failNext(twilioError(429, 20429, 'Too Many Requests'));
    expect(await send()).toBe('retrying');
    const waiting = await getDelivery(store, ref);
    expect(waiting).toMatchObject({ status: 'planned', sent: {}, tries: 1, failCode: '20429' });
    expect(await send(CHECKIN + 10_000)).toBe('not-due'); // the back-off is respected
    expect(await send(waiting!.retryAt!)).toBe('sent');
    expect(sentTo('+15555550101')).toHaveLength(1);
  });

  it('does not send twice when Twilio accepted the message but the answer was lost', async () => {
    const store = await embedded.fresh();
    fake.messages.length = 0;
    const { send } = await plannedCheckIn(store, channelFor());
    fake.failNext('accept-then-500');
    await expect(send()).rejects.toThrow(TransientChannelError);
    expect(sentTo('+15555550101')).toHaveLength(1);
    expect(sentTo('+15555550101')[0]).toMatchObject({ status: 'queued', date_sent: null }); // no DateSent yet
    expect(await send(CHECKIN + 10_000)).toBe('sent'); // found at Twilio, not sent again
    expect(sentTo('+15555550101')).toHaveLength(1);
    const logged = (await listWholeOutbox(store)).length;
    expect(logged).toBe(0); // went by Twilio, not the outbox
  });

  it("does not mistake yesterday's identical text for today's unknown attempt", async () => {
    const store = await embedded.fresh();
    fake.messages.length = 0;
    const { send } = await plannedCheckIn(store, channelFor());
    // An identical check-in went out yesterday.
    const body = 'Did you call Alex at lunch today? Reply Y or N';
    fake.messages.push({
      sid: 'SMyesterday',
      to: '+15555550101',
      body,
      auth: '',
      date_created: new Date(CHECKIN - 86_400_000).toUTCString(),
    });
    fake.failNext(twilioError(503, 20503, 'unavailable'));
    await expect(send()).rejects.toThrow(TransientChannelError);
    expect(await send(CHECKIN + 10_000)).toBe('sent');
    expect(sentTo('+15555550101').map((m) => m.sid)).toEqual(['SMyesterday', expect.stringMatching(/^SM0/)]);
  });

  it('treats a timeout as passing: nobody looks or resends before the claim runs out, then once', async () => {
    const store = await embedded.fresh();
    fake.messages.length = 0;
    const { send } = await plannedCheckIn(store, channelFor({ timeoutMs: 200 }));
    fake.failNext('hang');
    await expect(send()).rejects.toThrow(/could not be reached/);
    // The request may still be under way at Twilio: the claim holds until its lease runs out.
    expect(await send(CHECKIN + 10_000)).toBe('held');
    expect(await send(CHECKIN + CLAIM_LEASE_MS)).toBe('sent');
    expect(sentTo('+15555550101')).toHaveLength(1);
  });

  it('21610 (opted out at the carrier) stops SMS to the partner and falls back to email once, same content', async () => {
    const store = await embedded.fresh();
    fake.messages.length = 0;
    const { send, ref } = await plannedCheckIn(store, channelFor());
    fake.failNext(twilioError(400, 21610, 'Attempt to send to unsubscribed recipient'));
    expect(await send()).toBe('sent');
    const sam = await getPartner(store, 'sam-alex', 'sam');
    expect(sam?.smsOptedOut).toBe(true);
    expect(sam?.consentLog.at(-1)).toMatchObject({ source: 'carrier', words: 'Twilio error 21610' });
    const emails = (await listWholeOutbox(store)).filter((m) => m.channel === 'email');
    expect(emails.map((m) => [m.to, m.body])).toEqual([
      ['sam@example.com', 'Did you call Alex at lunch today? Reply Y or N'],
    ]);
    expect((await getDelivery(store, ref))?.status).toBe('sent');
    expect(await send(CHECKIN + 10_000)).toBe('already-finished');
    expect((await listWholeOutbox(store)).filter((m) => m.channel === 'email')).toHaveLength(1);
  });

  it.each([21211, 21614])(
    '%i (invalid or non-mobile number) marks the number invalid and stops SMS to it',
    async (code) => {
      const store = await embedded.fresh();
      fake.messages.length = 0;
      const { send } = await plannedCheckIn(store, channelFor());
      fake.failNext(twilioError(400, code, 'invalid'));
      await send();
      expect((await getPartner(store, 'sam-alex', 'sam'))?.smsInvalid).toBe(true);
      const requestsBefore = fake.requests;
      // The next day's check-in does not even try Twilio.
      const queue = new InProcessQueue(() => CHECKIN + 86_400_000);
      await tick({ store, queue }, CHECKIN + 86_400_000);
      const deps = { store, channels: { sms: channelFor(), email: new OutboxChannel(store) }, logger: silentLogger };
      for (const item of queue.takeVisible(CHECKIN + 86_400_000))
        await sendDelivery(deps, item.ref, CHECKIN + 86_400_000);
      expect(fake.requests).toBe(requestsBefore);
    },
  );
});

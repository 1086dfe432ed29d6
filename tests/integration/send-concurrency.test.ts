import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SesEmailChannel } from '../../shared/channels/ses-email-channel.ts';
import { TwilioSmsChannel } from '../../shared/channels/twilio-sms-channel.ts';
import { OutboxChannel } from '../../shared/channels/outbox-channel.ts';
import { InProcessQueue } from '../../shared/delivery/queue.ts';
import { sendDelivery } from '../../shared/delivery/send.ts';
import { tick } from '../../shared/delivery/tick.ts';
import { seededRandom } from '../../local/faults.ts';
import { queryPairPrefix } from '../../shared/store/query-all.ts';
import { getDelivery } from '../../shared/store/delivery-repository.ts';
import { silentLogger } from '../../shared/util/logger.ts';
import { examplePlan } from '../helpers/plans.ts';
import { RACE_AT, raceSenders, seedCouples } from '../helpers/send-race.ts';
import { startSesLocal } from '../helpers/ses-local.ts';
import { useEmbeddedStore } from '../helpers/store.ts';
import { startTwilioFake } from '../helpers/twilio-fake.ts';

const SID = `AC${'3'.repeat(32)}`;
const TOKEN = 'race-token';
const embedded = useEmbeddedStore();
const raceClock = { now: RACE_AT };
const twilioClock = { now: () => raceClock.now };
let twilio: Awaited<ReturnType<typeof startTwilioFake>>;
let ses: Awaited<ReturnType<typeof startSesLocal>>;
beforeAll(async () => {
  twilio = await startTwilioFake(SID, TOKEN, twilioClock);
  ses = await startSesLocal();
});
afterAll(async () => {
  await twilio.close();
  await ses.close();
  await embedded.stop();
});

const plan = () => {
  const p = examplePlan();
  p.affirmations = [];
  return p;
};
const twilioChannel = () =>
  new TwilioSmsChannel({ accountSid: SID, authToken: TOKEN, apiUrl: twilio.url, from: '+15550001111' });
const sesChannel = () =>
  new SesEmailChannel({ from: 'kept@example.com', region: 'us-east-1', endpoint: ses.url }, () => 'https://x/u');

/** The status of each delivery due at the race (older ones expired in the catch-up). */
async function statusesAtRace(store: Awaited<ReturnType<typeof embedded.fresh>>, pairs: number) {
  const statuses: string[] = [];
  for (let i = 0; i < pairs; i++)
    for (const d of await queryPairPrefix(store, `PAIR#pair-${i}`, 'DLV#'))
      if (Date.parse(d.fireAt as string) >= RACE_AT - 3_600_000) statuses.push(d.status as string);
  return statuses;
}

describe('exactly once per delivery and channel, with many senders at once', () => {
  it('Twilio over HTTP: 8 senders on the same 30 deliveries, some dying mid-send: Twilio holds exactly 30 texts', async () => {
    const store = await embedded.fresh();
    await seedCouples(store, 10, 'sms', plan);
    twilio.messages.length = 0;
    const { refs, crashes } = await raceSenders({
      store,
      channels: { sms: twilioChannel(), email: new OutboxChannel(store) },
      senders: 8,
      crashRate: 0.1,
      random: seededRandom(11),
      clock: raceClock,
    });
    expect(refs).toHaveLength(30);
    expect(crashes).toBeGreaterThan(0); // the run did exercise dead senders
    const received = twilio.messages.map((m) => `${m.to} ${m.body}`);
    expect(received).toHaveLength(30);
    expect(new Set(received).size).toBe(30);
    expect(await statusesAtRace(store, 10)).toEqual(Array(30).fill('sent'));
  });

  it('SES (aws-ses-v2-local) over HTTP: 8 senders on the same 30 deliveries, some dying: 30 emails', async () => {
    const store = await embedded.fresh();
    await seedCouples(store, 10, 'email', plan);
    const before = (await ses.emails()).length;
    const { refs, crashes } = await raceSenders({
      store,
      channels: { sms: new OutboxChannel(store), email: sesChannel() },
      senders: 8,
      crashRate: 0.1,
      random: seededRandom(5),
    });
    expect(refs).toHaveLength(30);
    expect(crashes).toBeGreaterThan(0);
    const emails = (await ses.emails()).slice(before);
    expect(emails).toHaveLength(30);
    const tags = emails.map((e) => e.headers?.find((h) => h.name === 'X-Kept-Delivery')?.value);
    expect(new Set(tags).size).toBe(30); // one per delivery, each tagged with its delivery
    expect(await statusesAtRace(store, 10)).toEqual(Array(30).fill('sent'));
  });

  it('a sender finding a live claim leaves the delivery alone, and the tick does not re-queue it', async () => {
    const store = await embedded.fresh();
    await seedCouples(store, 1, 'sms', plan);
    twilio.messages.length = 0;
    const queue = new InProcessQueue(() => RACE_AT);
    await tick({ store, queue }, RACE_AT);
    const [ref] = queue.takeVisible(RACE_AT).map((q) => q.ref);
    // A sender that will hang in the provider call: it holds the claim meanwhile.
    let release!: () => void;
    const slow = twilioChannel();
    const hanging = {
      transport: 'twilio',
      send: async (m: Parameters<typeof slow.send>[0], now: number) => {
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        return slow.send(m, now);
      },
    };
    const deps = (sms: typeof hanging | TwilioSmsChannel) => ({
      store,
      channels: { sms, email: new OutboxChannel(store) },
      logger: silentLogger,
    });
    const first = sendDelivery(deps(hanging), ref!, RACE_AT);
    await new Promise((r) => setTimeout(r, 200));
    expect(await sendDelivery(deps(twilioChannel()), ref!, RACE_AT + 1_000)).toBe('held');
    // Even much later than the delivery's own lease, a live claim is not re-queued.
    const requeue = new InProcessQueue(() => RACE_AT + 30_000);
    expect((await tick({ store, queue: requeue }, RACE_AT + 30_000)).requeued).toBe(0);
    release();
    expect(await first).toBe('sent');
    expect((await getDelivery(store, ref!))?.status).toBe('sent');
    expect(twilio.messages).toHaveLength(1);
  });
});

import { OutboxChannel } from '../shared/channels/outbox-channel.ts';
import { SES_REFUSALS, TWILIO_REFUSALS } from '../shared/channels/refusals.ts';
import { TwilioSmsChannel } from '../shared/channels/twilio-sms-channel.ts';
import { openEmbeddedStore } from '../local/embedded-store.ts';
import { seededRandom } from '../local/faults.ts';
import { getDelivery } from '../shared/store/delivery-repository.ts';
import { listWholeOutbox } from '../shared/store/message-repository.ts';
import { examplePlan } from '../tests/helpers/plans.ts';
import { CHECKIN, plannedCheckIn } from '../tests/helpers/planned-checkin.ts';
import { startRefusingSes } from '../tests/helpers/ses-refusing.ts';
import { startSesLocal } from '../tests/helpers/ses-local.ts';
import { RACE_AT, raceSenders, seedCouples } from '../tests/helpers/send-race.ts';
import { startTwilioFake, twilioError } from '../tests/helpers/twilio-fake.ts';

export interface SendBench {
  deliveries: number;
  senders: number;
  crashes: number;
  /** Texts Twilio received beyond one per delivery (goal 0). */
  concurrentDuplicates: number;
  /** Deliveries with no text at Twilio (goal 0). */
  concurrentMissing: number;
  refusalRuns: number;
  /** Deliveries recorded as sent while the provider holds nothing for them (goal 0). */
  refusedRecordedAsSent: number;
  /** Deliveries that, once the provider accepted, went out more or less than once (goal 0). */
  refusedNotExactlyOnce: number;
}

const SID = `AC${'6'.repeat(32)}`;
const TOKEN = 'bench-token';

/**
 * Many senders on the same deliveries against the Twilio stand-in over HTTP, with senders
 * dying mid-send; then every refusal class (Twilio and SES), each injected on a first attempt.
 */
export async function benchSend(pairs = 167, senders = 8, crashRate = 0.1): Promise<SendBench> {
  const embedded = openEmbeddedStore();
  const clock = { now: RACE_AT };
  const twilio = await startTwilioFake(SID, TOKEN, { now: () => clock.now });
  const sesLocal = await startSesLocal();
  const ses = await startRefusingSes(sesLocal.url);
  try {
    const store = await embedded.connect('kept-send-race', 8);
    const plan = () => {
      const p = examplePlan();
      p.affirmations = [];
      return p;
    };
    await seedCouples(store, pairs, 'sms', plan);
    const sms = new TwilioSmsChannel({ accountSid: SID, authToken: TOKEN, apiUrl: twilio.url, from: '+15550001111' });
    const race = await raceSenders({
      store,
      channels: { sms, email: new OutboxChannel(store) },
      senders,
      crashRate,
      random: seededRandom(2026),
      clock,
    });
    clock.now = CHECKIN;
    const received = new Map<string, number>();
    for (const m of twilio.messages) received.set(`${m.to} ${m.body}`, (received.get(`${m.to} ${m.body}`) ?? 0) + 1);
    const duplicates = [...received.values()].reduce((sum, n) => sum + n - 1, 0);

    // Each refusal class that must never read as sent: ours, and throttling.
    const providers = { twilio: { url: twilio.url, sid: SID, token: TOKEN }, sesUrl: ses.url };
    const injected = [
      ...Object.entries(TWILIO_REFUSALS)
        .filter(([, r]) => r.side !== 'recipient')
        .map(([code]) => ({ channel: 'sms' as const, code })),
      ...Object.entries(SES_REFUSALS)
        .filter(([code, r]) => r.side !== 'recipient' && !code.includes(':'))
        .map(([code]) => ({ channel: 'email' as const, code })),
    ];
    let recordedAsSent = 0;
    let notOnce = 0;
    for (const [i, { channel, code }] of injected.entries()) {
      const checkIn = await plannedCheckIn(await embedded.connect(`kept-refusal-${i}`, 4), channel, providers);
      const before = channel === 'sms' ? twilio.messages.length : (await sesLocal.emails(checkIn.email)).length;
      if (channel === 'sms') twilio.failNext(twilioError(code === '20003' ? 401 : 400, Number(code), 'refused'));
      else ses.refuseNext({ status: SES_REFUSALS[code]!.side === 'throttle' ? 429 : 400, type: code });
      await checkIn.send(CHECKIN);
      const held = async () =>
        channel === 'sms' ? twilio.messages.length - before : (await sesLocal.emails(checkIn.email)).length - before;
      const after = await getDelivery(checkIn.store, checkIn.ref);
      if ((after?.status === 'sent' || Object.keys(after?.sent ?? {}).length > 0) && (await held()) === 0)
        recordedAsSent++;
      if (after?.retryAt) await checkIn.send(after.retryAt);
      const outbox = (await listWholeOutbox(checkIn.store)).length; // a fallback would show here
      if ((await held()) + outbox !== 1) notOnce++;
    }
    return {
      deliveries: race.refs.length,
      senders,
      crashes: race.crashes,
      concurrentDuplicates: duplicates,
      concurrentMissing: race.refs.length - received.size,
      refusalRuns: injected.length,
      refusedRecordedAsSent: recordedAsSent,
      refusedNotExactlyOnce: notOnce,
    };
  } finally {
    await twilio.close();
    await ses.close();
    await sesLocal.close();
    await embedded.close();
  }
}

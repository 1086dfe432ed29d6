import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SES_REFUSALS, TWILIO_REFUSALS } from '../../shared/channels/refusals.ts';
import type { SendOutcome } from '../../shared/delivery/send.ts';
import { getDelivery } from '../../shared/store/delivery-repository.ts';
import { listWholeOutbox } from '../../shared/store/message-repository.ts';
import { getPartner } from '../../shared/store/partner-repository.ts';
import { CHECKIN, plannedCheckIn } from '../helpers/planned-checkin.ts';
import { startRefusingSes } from '../helpers/ses-refusing.ts';
import { startSesLocal } from '../helpers/ses-local.ts';
import { useEmbeddedStore } from '../helpers/store.ts';
import { startTwilioFake, twilioError } from '../helpers/twilio-fake.ts';

const SID = `AC${'4'.repeat(32)}`;
const TOKEN = 'refusal-token';
const embedded = useEmbeddedStore();
let twilio: Awaited<ReturnType<typeof startTwilioFake>>;
let sesLocal: Awaited<ReturnType<typeof startSesLocal>>;
let ses: Awaited<ReturnType<typeof startRefusingSes>>;
beforeAll(async () => {
  twilio = await startTwilioFake(SID, TOKEN, { now: () => CHECKIN });
  sesLocal = await startSesLocal();
  ses = await startRefusingSes(sesLocal.url);
});
afterAll(async () => {
  await twilio.close();
  await ses.close();
  await sesLocal.close();
  await embedded.stop();
});

const providers = () => ({ twilio: { url: twilio.url, sid: SID, token: TOKEN }, sesUrl: ses.url });
const textsToSam = () => twilio.messages.filter((m) => m.to === '+15555550101');
const sideOf = (table: Record<string, { side: string }>, side: string) =>
  Object.entries(table)
    .filter(([, r]) => r.side === side)
    .map(([code]) => code);

describe('provider refusals, class by class', () => {
  it('the table sorts the codes the way the design says', () => {
    expect(sideOf(TWILIO_REFUSALS, 'sender')).toEqual(expect.arrayContaining(['21606', '21408', '20003', '30034']));
    expect(sideOf(TWILIO_REFUSALS, 'recipient')).toEqual(expect.arrayContaining(['21211', '21614', '21610']));
    expect(sideOf(TWILIO_REFUSALS, 'throttle')).toEqual(['20429']);
    expect(sideOf(SES_REFUSALS, 'sender')).toEqual(
      expect.arrayContaining([
        'MessageRejected',
        'AccountSendingPausedException',
        'MailFromDomainNotVerifiedException',
      ]),
    );
  });

  it.each([21606, 21408, 20003, 30034])(
    'Twilio %i (ours to fix): never recorded as sent; logged masked and counted; retried after a back-off, then sent once',
    async (code) => {
      twilio.messages.length = 0;
      const { store, ref, send, metrics, logger } = await plannedCheckIn(await embedded.fresh(), 'sms', providers());
      twilio.failNext(twilioError(code === 20003 ? 401 : 400, code, 'refused'));
      expect(await send(CHECKIN)).toBe('retrying');
      const waiting = await getDelivery(store, ref);
      expect(waiting).toMatchObject({ status: 'planned', sent: {}, tries: 1, failCode: String(code) });
      expect(waiting!.retryAt! - CHECKIN).toBeGreaterThanOrEqual(30_000); // back-off with jitter: 30-60 s first
      expect(waiting!.retryAt! - CHECKIN).toBeLessThanOrEqual(60_000);
      expect(await listWholeOutbox(store)).toEqual([]); // no fallback: the number is fine, we are not
      expect(metrics.counts).toMatchObject({ 'RefusedSender.sms': 1, 'SendRetried.sms': 1 });
      const refusalLine = logger.lines.find((l) => l.includes(`"code":"${code}"`));
      expect(refusalLine).toMatch(/"to":"\+1\*+0101"/);
      expect(logger.lines.join('\n')).not.toContain('+15555550101');
      expect(await send(waiting!.retryAt!)).toBe('sent');
      expect(textsToSam()).toHaveLength(1);
      expect(metrics.counts['MessagesSent.sms']).toBe(1);
    },
  );

  it('Twilio 21606 on every try: marked failed with the code once the staleness rule leaves no retry', async () => {
    twilio.messages.length = 0;
    const { store, ref, send, metrics } = await plannedCheckIn(await embedded.fresh(), 'sms', providers());
    let now = CHECKIN;
    const outcomes: SendOutcome[] = [];
    for (let i = 0; i < 12; i++) {
      twilio.failNext(twilioError(400, 21606, 'not a valid sender'));
      const outcome = await send(now);
      outcomes.push(outcome);
      if (outcome !== 'retrying') break;
      now = (await getDelivery(store, ref))!.retryAt!;
    }
    expect(outcomes.at(-1)).toBe('failed');
    expect(outcomes).not.toContain('sent');
    expect(now - CHECKIN).toBeLessThanOrEqual(2 * 3_600_000); // within the staleness rule
    expect(await getDelivery(store, ref)).toMatchObject({ status: 'failed', failCode: '21606', sent: {} });
    expect(textsToSam()).toHaveLength(0);
    expect(metrics.counts['DeliveriesFailed.sms']).toBe(1);
    expect(metrics.counts['MessagesSent.sms']).toBeUndefined();
  });

  it('Twilio 20429 / HTTP 429 (throttling): counted as throttled and retried', async () => {
    twilio.messages.length = 0;
    const { store, ref, send, metrics } = await plannedCheckIn(await embedded.fresh(), 'sms', providers());
    twilio.failNext({ status: 429, body: { message: 'Too Many Requests' } });
    expect(await send(CHECKIN)).toBe('retrying');
    expect(metrics.counts).toMatchObject({ 'Throttled.sms': 1, 'SendRetried.sms': 1 });
    expect(await send((await getDelivery(store, ref))!.retryAt!)).toBe('sent');
    expect(textsToSam()).toHaveLength(1);
  });

  it('Twilio 21211 (the recipient side): marks the number, and the fallback email is the full check-in email', async () => {
    twilio.messages.length = 0;
    const { store, ref, send, metrics } = await plannedCheckIn(await embedded.fresh(), 'sms', providers());
    twilio.failNext(twilioError(400, 21211, "The 'To' number is not a valid phone number."));
    expect(await send(CHECKIN)).toBe('sent');
    expect((await getPartner(store, 'sam-alex', 'sam'))?.smsInvalid).toBe(true);
    const [email] = (await listWholeOutbox(store)).filter((m) => m.channel === 'email');
    expect(email?.subject).toBe('Did you call Alex at lunch today?');
    expect(email?.html).toContain('Call Alex at lunch'); // the title
    expect(email?.html).toMatch(/href="https:\/\/kept\.example\.com\/[^"]+"/); // one-click buttons
    expect(metrics.counts).toMatchObject({ 'RefusedRecipient.sms': 1, 'MessagesSent.email': 1 });
    expect((await getDelivery(store, ref))?.status).toBe('sent');
  });

  it.each(['MessageRejected', 'AccountSendingPausedException', 'MailFromDomainNotVerifiedException'])(
    'SES %s (ours to fix): never recorded as sent; retried, then exactly one email',
    async (type) => {
      const { store, ref, send, metrics, email } = await plannedCheckIn(await embedded.fresh(), 'email', providers());
      ses.refuseNext({ status: 400, type });
      expect(await send(CHECKIN)).toBe('retrying');
      expect(await getDelivery(store, ref)).toMatchObject({ status: 'planned', sent: {}, failCode: type });
      expect(await sesLocal.emails(email)).toHaveLength(0);
      expect(metrics.counts).toMatchObject({ 'RefusedSender.email': 1, 'SendRetried.email': 1 });
      expect(await send((await getDelivery(store, ref))!.retryAt!)).toBe('sent');
      expect(await sesLocal.emails(email)).toHaveLength(1);
    },
  );

  it('SES TooManyRequestsException (throttling): retried, then one email', async () => {
    const { store, ref, send, metrics, email } = await plannedCheckIn(await embedded.fresh(), 'email', providers());
    ses.refuseNext({ status: 429, type: 'TooManyRequestsException' });
    expect(await send(CHECKIN)).toBe('retrying');
    expect(metrics.counts['Throttled.email']).toBe(1);
    expect(await send((await getDelivery(store, ref))!.retryAt!)).toBe('sent');
    expect(await sesLocal.emails(email)).toHaveLength(1);
  });
});

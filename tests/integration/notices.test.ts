import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendDelivery } from '../../shared/delivery/send.ts';
import { handleInboundSms } from '../../shared/replies/handle-reply.ts';
import { handleTwilioStatus } from '../../shared/replies/twilio-status.ts';
import { getCheckIn, listCheckIns, recordAnswer, undoAnswer } from '../../shared/store/checkin-repository.ts';
import { listWholeOutbox } from '../../shared/store/message-repository.ts';
import { silentLogger } from '../../shared/util/logger.ts';
import { ALEX, SAM, couple } from '../helpers/couple.ts';
import { CHECKIN, capturingLogger, plannedCheckIn } from '../helpers/planned-checkin.ts';
import { examplePlan } from '../helpers/plans.ts';
import { useEmbeddedStore } from '../helpers/store.ts';
import { startTwilioFake } from '../helpers/twilio-fake.ts';

const embedded = useEmbeddedStore();
const SID = `AC${'5'.repeat(32)}`;
let twilio: Awaited<ReturnType<typeof startTwilioFake>>;
beforeAll(async () => {
  twilio = await startTwilioFake(SID, 'notice-token', { now: () => CHECKIN });
});
afterAll(async () => {
  await twilio.close();
  await embedded.stop();
});

const MON_CHECKIN = '2026-11-24T01:00:00Z';
const keptNotices = async (c: Awaited<ReturnType<typeof couple>>) =>
  (await c.messagesTo(ALEX)).filter((m) => m.kind === 'kept-notice');

describe('notices that tell the truth', () => {
  it('a kept notice waits 10 minutes; a Y corrected to N within them is never announced', async () => {
    const c = await couple(await embedded.fresh());
    await c.at(MON_CHECKIN);
    await c.text(SAM, 'Y');
    await c.at('2026-11-24T01:04:00Z');
    await c.text(SAM, 'N');
    await c.at('2026-11-24T01:30:00Z');
    await c.at('2026-11-24T03:30:00Z');
    expect(await keptNotices(c)).toEqual([]);
    expect((await listCheckIns(c.store, 'sam-alex', 0, Date.parse('2100-01-01T00:00:00Z')))[0]?.status).toBe('missed');
  });

  it("a notice held by the partner's quiet hours is dropped if the answer changes meanwhile", async () => {
    const plan = examplePlan();
    plan.partners[1]!.quietHours = { from: '22:00', to: '07:00' }; // Alex, London
    const c = await couple(await embedded.fresh(), { plan });
    await c.at(MON_CHECKIN); // 01:00 in London
    await c.text(SAM, 'Y');
    await c.at('2026-11-24T02:00:00Z');
    await c.text(SAM, 'N');
    await c.at('2026-11-24T07:00:00Z');
    expect(await keptNotices(c)).toEqual([]);
  });

  it('a change after the notice went out is logged, not announced', async () => {
    const c = await couple(await embedded.fresh());
    await c.at(MON_CHECKIN);
    await c.text(SAM, 'Y');
    await c.at('2026-11-24T01:11:00Z');
    expect(await keptNotices(c)).toHaveLength(1);
    const before = (await c.messagesTo(ALEX)).length;
    const logger = capturingLogger();
    const deps = { store: c.store, queue: c.engine.queue, logger, supportContact: 'x' };
    await handleInboundSms(deps, { from: SAM, body: 'N', messageId: 'SMlate', receivedAt: c.clock.now });
    await c.at('2026-11-24T01:30:00Z');
    expect((await c.messagesTo(ALEX)).length).toBe(before);
    expect(logger.lines.some((l) => l.includes('answer changed after a kept notice; the partner is not told'))).toBe(
      true,
    );
  });

  it('undo restores the previous answer, not open', async () => {
    const c = await couple(await embedded.fresh());
    await c.at(MON_CHECKIN);
    await c.text(SAM, 'N');
    const [asked] = await listCheckIns(c.store, 'sam-alex', 0, Date.parse('2100-01-01T00:00:00Z'));
    const later = c.clock.now + 60_000;
    await recordAnswer(c.store, asked!, 'sam', 'kept', later, undefined, 86_400_000, 3);
    const answered = (await getCheckIn(c.store, 'sam-alex', asked!.checkInKey))!;
    expect(answered.status).toBe('kept');
    expect(await undoAnswer(c.store, answered, 'sam', 'kept', later + 60_000, 3_600_000)).toBe(true);
    const undone = (await getCheckIn(c.store, 'sam-alex', asked!.checkInKey))!;
    expect(undone).toMatchObject({ status: 'missed', answers: { sam: 'missed' }, answeredBy: 'sam' });
    expect(undone.answeredAt).toBe(answered.undoTo!.answeredAt);
    expect(answered.count).toBe(3);
    expect(undone.count).toBeUndefined(); // the count went with the answer it came with
  });

  it('a texted check-in reported undelivered falls back to the full check-in email (titles, one-click buttons)', async () => {
    const store = await embedded.fresh();
    const { deps, queue, send } = await plannedCheckIn(store, 'sms', {
      twilio: { url: twilio.url, sid: SID, token: 'notice-token' },
      sesUrl: 'http://127.0.0.1:9',
    });
    twilio.messages.length = 0;
    expect(await send(CHECKIN)).toBe('sent');
    const [text] = twilio.messages;
    const outcome = await handleTwilioStatus(
      { store, queue, logger: silentLogger },
      { MessageSid: text!.sid, MessageStatus: 'undelivered', ErrorCode: '30003' },
      CHECKIN + 60_000,
    );
    expect(outcome).toBe('fell-back-to-email');
    for (const item of queue.takeVisible(CHECKIN + 60_000)) await sendDelivery(deps, item.ref, CHECKIN + 60_000);
    const [email] = (await listWholeOutbox(store)).filter((m) => m.channel === 'email');
    expect(email?.subject).toBe('Did you call Alex at lunch today?');
    expect(email?.html).toContain('Call Alex at lunch');
    expect(email?.html).toContain('>I kept it</a>');
    expect(email?.html).toContain('>Not this time</a>');
  });
});

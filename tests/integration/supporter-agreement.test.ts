import { afterAll, describe, expect, it } from 'vitest';
import { isGsm7 } from '../../shared/messages/gsm7.ts';
import type { PlanInput } from '../../shared/model/plan.ts';
import { bareYesNo, parseReply } from '../../shared/replies/parse-reply.ts';
import { listCheckIns } from '../../shared/store/checkin-repository.ts';
import { planFromStore } from '../../shared/plan/plan-from-store.ts';
import { getAgreement } from '../../shared/store/supporter-repository.ts';
import { answerAsSupporter, answerSupporterRequest } from '../../shared/supporters/answer-request.ts';
import { listPartners } from '../../shared/store/partner-repository.ts';
import { ALEX, couple, SAM } from '../helpers/couple.ts';
import { examplePlan, validPlan } from '../helpers/plans.ts';
import { applyPlan } from '../../shared/plan/apply-plan.ts';
import { useEmbeddedStore } from '../helpers/store.ts';

const embedded = useEmbeddedStore();
afterAll(() => embedded.stop());
const LEE = 'lee@example.org';
const REQUEST_SMS =
  'Add Dr. Lee (lee@example.org) as your supporter? If you both say yes, Dr. Lee gets a weekly email: kept counts, rituals done, conversations you both answered, shared pulses. Never misses, unanswered check-ins, your answers or private pulses. Reply SUPPORTER YES or SUPPORTER NO';

/** Dr. Lee listed, not confirmed: with default apply options both partners are asked. */
const withLee = (): PlanInput => ({
  ...examplePlan(),
  supporters: [{ id: 'dr-lee', name: 'Dr. Lee', email: LEE }],
});

/** A couple on Monday; both requests are out once Sam's quiet hours end (07:30 in New York). */
async function asked(plan = withLee()) {
  const store = await embedded.fresh();
  const kept = await couple(store, { plan });
  await kept.at('2026-11-23T12:31:00Z');
  const reply = async (from: string, body: string) => (await kept.text(from, body)).reply;
  const agreement = () => getAgreement(store, 'sam-alex', 'dr-lee');
  const toLee = async () => (await kept.messages()).filter((m) => m.to === LEE);
  return { store, kept, reply, agreement, toLee };
}

describe('the supporter request by text', () => {
  it('goes to each partner, says what the supporter will and will not see, in GSM-7', async () => {
    const { kept } = await asked();
    const requests = (await kept.messages()).filter((m) => m.kind === 'supporter-request');
    expect(requests.map((m) => [m.to, m.channel, m.body])).toEqual([
      [ALEX, 'sms', REQUEST_SMS],
      [SAM, 'sms', REQUEST_SMS],
    ]);
    expect(isGsm7(REQUEST_SMS)).toBe(true);
    expect(REQUEST_SMS.length).toBeLessThanOrEqual(306); // two segments: what is and is not seen
  });

  it("both say YES: the supporter is asked to confirm; only the supporter's confirmation starts the summary", async () => {
    const { kept, reply, agreement, toLee, store } = await asked();
    expect(await reply(SAM, 'SUPPORTER YES')).toBe(
      'Thanks: you agreed to Dr. Lee as your supporter. Alex is asked too; nothing is shared unless you both agree and Dr. Lee confirms.',
    );
    // One partner alone changes nothing more, however often.
    expect(await reply(SAM, 'supporter yes')).toBe(
      'You have already answered about Dr. Lee; nothing changed. SUPPORTER OFF removes a supporter at any time.',
    );
    expect(await toLee()).toEqual([]);
    expect((await agreement())?.status).toBe('asking');
    expect(await reply(ALEX, 'Supporter yes!')).toBe(
      'Thanks: you both agreed. Dr. Lee gets an email to confirm; the weekly summary starts once they do. SUPPORTER OFF ends it any time.',
    );
    const confirm = await toLee();
    expect(confirm.map((m) => [m.kind, m.channel, m.subject])).toEqual([
      ['supporter-confirm', 'email', 'Sam & Alex: would you be their supporter on Kept?'],
    ]);
    expect(confirm[0]!.body).toContain('You would never see misses, unanswered check-ins, what they wrote');
    expect((await agreement())?.status).toBe('agreed');
    await kept.at('2026-11-29T23:00:00Z'); // Sunday's summary: not before the supporter confirms
    expect((await toLee()).map((m) => m.kind)).toEqual(['supporter-confirm']);
    const ref = { pairId: 'sam-alex', supporterId: 'dr-lee', requestId: (await agreement())!.requestId };
    expect(await answerAsSupporter({ store }, ref, true, kept.clock.now)).toBe('confirmed');
    await kept.at('2026-12-06T23:00:00Z');
    expect((await toLee()).map((m) => m.kind)).toEqual(['supporter-confirm', 'supporter-summary']);
  });

  it('a bare YES while a check-in is open is not guessed: Kept asks which, and SUPPORTER YES is unmistakable', async () => {
    const { kept, reply, agreement, store } = await asked();
    await kept.at('2026-11-24T01:00:00Z'); // Sam's check-in: Did you call Alex at lunch today?
    const open = async () => (await listCheckIns(store, 'sam-alex', 0, kept.clock.now)).map((c) => c.status);
    expect(await reply(SAM, 'YES')).toBe(
      'Is that for your check-in or about Dr. Lee? Reply Y or N for the check-in, or SUPPORTER YES or SUPPORTER NO about Dr. Lee.',
    );
    expect(await open()).toEqual(['open']);
    expect((await agreement())?.answers).toEqual({});
    expect(await reply(SAM, 'Y')).toMatch(/^Logged/); // Y is always the check-in's
    expect(await open()).toEqual(['kept']);
    expect((await agreement())?.answers).toEqual({});
    expect(await reply(SAM, 'yes')).toMatch(/^To answer about Dr. Lee as your supporter, reply SUPPORTER YES/);
    expect((await agreement())?.answers).toEqual({}); // a bare YES is never an agreement
    expect(await reply(SAM, 'supporter yes')).toMatch(/^Thanks: you agreed to Dr. Lee/);
    expect(Object.keys((await agreement())!.answers)).toEqual(['sam']);
  });

  it('with a conversation prompt open a bare NO is not taken either; SUPPORTER NO declines and tells nobody', async () => {
    const plan = withLee();
    plan.conversations = { repeat: 'FREQ=WEEKLY;BYDAY=WE', at: '19:00', timezone: 'America/New_York' };
    const { kept, reply, agreement, store, toLee } = await asked(plan);
    await kept.at('2026-11-26T00:00:00Z'); // Wednesday 19:00 in New York: the prompt to both
    expect(await reply(ALEX, 'No')).toMatch(/^Is that for your check-in or about Dr. Lee\?/);
    const before = (await kept.messages()).length;
    expect(await reply(ALEX, 'SUPPORTER NO')).toBe(
      'OK: Dr. Lee will not be your supporter, and the request is closed. Nobody is told.',
    );
    expect(await agreement()).toMatchObject({ status: 'declined', endedBy: 'alex' });
    expect((await planFromStore(store, 'sam-alex'))?.supporters).toBeUndefined(); // no longer in the plan
    await kept.at('2026-11-26T13:00:00Z'); // past Sam's quiet hours: still nothing to anybody
    const after = (await kept.messages()).slice(before).filter((m) => m.kind !== 'affirmation');
    expect(after.map((m) => [m.to, m.kind])).toEqual([[ALEX, 'reply']]);
    expect(await toLee()).toEqual([]);
    // Sam's bare YES, once nothing else is open, finds no request: it says so (not who declined)
    // and is not taken for a change of his latest check-in answer.
    await kept.at('2026-11-30T02:00:00Z');
    const statuses = async () => (await listCheckIns(store, 'sam-alex', 0, kept.clock.now)).map((c) => c.status);
    const before2 = await statuses();
    expect(await reply(SAM, 'YES')).toBe('The supporter request for Dr. Lee is no longer open, so nothing changed.');
    expect(await statuses()).toEqual(before2);
    expect(await reply(SAM, 'SUPPORTER YES')).toBe(
      'The supporter request for Dr. Lee is no longer open, so nothing changed.',
    );
  });

  it('after answering, a bare YES says so; with no request in the last 7 days YES and SUPPORTER YES are as before', async () => {
    const { kept, reply } = await asked();
    await reply(SAM, 'SUPPORTER YES');
    expect(await reply(SAM, 'YES')).toBe(
      'You have already answered about Dr. Lee; nothing changed. SUPPORTER OFF removes a supporter at any time.',
    );
    const store = await embedded.fresh();
    const plain = await couple(store);
    expect((await plain.text(SAM, 'SUPPORTER YES')).reply).toBe(
      'No supporter request is waiting for your answer, so nothing changed.',
    );
    expect((await plain.text(SAM, 'YES')).outcome).toBe('nothing-open');
    expect(kept).toBeDefined();
  });

  it('a partner who has not consented to Kept yet: YES is their consent, and they are asked about the supporter after', async () => {
    const plan = withLee();
    plan.partners[1]!.consent = 'pending';
    const { kept, reply, agreement } = await asked(plan);
    const requestsTo = async () =>
      (await kept.messages()).filter((m) => m.kind === 'supporter-request').map((m) => m.to);
    expect(await requestsTo()).toEqual([SAM]);
    expect((await kept.text(ALEX, 'YES')).outcome).toBe('consent-confirmed');
    expect((await agreement())?.answers).toEqual({});
    await kept.at('2026-11-23T12:40:00Z');
    expect(await requestsTo()).toEqual([SAM, ALEX]);
    expect(await reply(ALEX, 'SUPPORTER YES')).toMatch(/^Thanks: you agreed to Dr. Lee/);
  });
});

describe('a bare YES or NO never answers a request', () => {
  it("not even with nothing else open: it may answer the partner's own affirmation asking 'Reply YES'", async () => {
    const plan = withLee();
    plan.affirmations = [
      { id: 'q', from: 'alex', to: 'sam', text: 'Do you still love me? Reply YES', repeat: 'FREQ=DAILY', at: '08:00' },
    ];
    plan.commitments = [];
    plan.rituals = [];
    const { kept, reply, agreement } = await asked(plan);
    await kept.at('2026-11-23T13:01:00Z'); // Sam's affirmation, after the request
    const toSam = (await kept.messages()).filter((m) => m.to === SAM).map((m) => m.kind);
    expect(toSam).toEqual(['supporter-request', 'affirmation']);
    const sayWhich =
      'To answer about Dr. Lee as your supporter, reply SUPPORTER YES or SUPPORTER NO. A YES or NO alone changes nothing.';
    expect(await reply(SAM, 'YES')).toBe(sayWhich);
    expect(await reply(ALEX, 'no')).toBe(sayWhich);
    expect(await agreement()).toMatchObject({ status: 'asking', answers: {} });
    expect(await reply(SAM, 'SUPPORTER YES')).toMatch(/^Thanks: you agreed to Dr. Lee/);
  });
});

describe('STOP and START around a request', () => {
  it('a partner who said STOP is not texted the request; START is not a yes; a SUPPORTER YES after START answers it', async () => {
    const store = await embedded.fresh();
    const kept = await couple(store, { plan: withLee(), start: '2026-11-23T04:00:00Z' }); // Sam in quiet hours
    kept.clock.now = Date.parse('2026-11-23T04:00:30Z');
    await kept.text(SAM, 'STOP');
    await kept.at('2026-11-23T12:31:00Z');
    const requestsTo = async () =>
      (await kept.messages()).filter((m) => m.kind === 'supporter-request').map((m) => m.to);
    expect(await requestsTo()).toEqual([ALEX]);
    expect((await kept.text(SAM, 'START')).outcome).toBe('opted-in');
    expect((await getAgreement(store, 'sam-alex', 'dr-lee'))?.answers).toEqual({});
    expect((await kept.text(SAM, 'SUPPORTER YES')).reply).toMatch(/^Thanks: you agreed to Dr. Lee/);
  });
});

describe('what the agreement stands for', () => {
  it('another address, or a partner who was not asked, starts a new request: no summary until agreed again', async () => {
    const { kept, reply, agreement, store, toLee } = await asked();
    await reply(SAM, 'SUPPORTER YES');
    await reply(ALEX, 'SUPPORTER YES');
    const first = (await agreement())!;
    const ref = { pairId: 'sam-alex', supporterId: 'dr-lee', requestId: first.requestId };
    expect(await answerAsSupporter({ store }, ref, true, kept.clock.now)).toBe('confirmed');

    // Alex leaves the plan and Jo comes in: Jo never agreed to Dr. Lee.
    const withJo = withLee();
    withJo.partners[1] = { ...withJo.partners[1]!, id: 'jo', name: 'Jo', phone: '+447700900777' };
    withJo.affirmations = [];
    const result = await applyPlan(store, validPlan(withJo), kept.clock.now);
    expect(result.changes).toContainEqual({
      action: 'update',
      what: 'supporter request dr-lee (each partner is asked; then the supporter confirms by email)',
    });
    const second = (await agreement())!;
    expect([second.status, second.requestId === first.requestId, second.answers]).toEqual(['asking', false, {}]);
    // The old request's confirmation does nothing now.
    expect(await answerAsSupporter({ store }, ref, true, kept.clock.now)).toBe('not-waiting');
    await kept.at('2026-11-29T23:00:00Z');
    expect((await toLee()).map((m) => m.kind)).toEqual(['supporter-confirm']);

    // Another address for Dr. Lee: asked again too.
    withJo.supporters = [{ id: 'dr-lee', name: 'Dr. Lee', email: 'lee@clinic.example.org' }];
    await applyPlan(store, validPlan(withJo), kept.clock.now);
    expect((await agreement())?.requestId).not.toBe(second.requestId);
  });
});

describe('the agreement under races and retries', () => {
  it("a first yes hands back the other partner, read after recording, for the reply's name; the second yes does not", async () => {
    const { kept, agreement, store } = await asked();
    const { requestId } = (await agreement())!;
    const ref = { pairId: 'sam-alex', supporterId: 'dr-lee', requestId };
    const partners = await listPartners(store, 'sam-alex');
    const sam = partners.find((p) => p.name === 'Sam')!;
    const alex = partners.find((p) => p.name === 'Alex')!;
    const deps = { store, queue: kept.engine.queue };
    const first = await answerSupporterRequest(deps, ref, sam, true, 'dashboard', kept.clock.now);
    expect([first.outcome, first.other?.partnerId]).toEqual(['agreed-waiting', alex.partnerId]);
    const second = await answerSupporterRequest(deps, ref, alex, true, 'dashboard', kept.clock.now);
    expect([second.outcome, second.other]).toEqual(['agreed-both', undefined]);
  });

  it('both YESes at once, each retried: both recorded, one supporter-confirm, never two', async () => {
    const { kept, agreement, store, toLee } = await asked();
    const { requestId } = (await agreement())!;
    const ref = { pairId: 'sam-alex', supporterId: 'dr-lee', requestId };
    const [alex, sam] = await listPartners(store, 'sam-alex');
    const deps = { store, queue: kept.engine.queue };
    const outcomes = await Promise.all(
      [sam, alex, sam, alex].map((p) => answerSupporterRequest(deps, ref, p!, true, 'sms', kept.clock.now)),
    );
    // Each partner's answer is recorded once; whoever records second (or both) sees both yeses.
    const names = outcomes.map((o) => o.outcome);
    expect(names.filter((o) => o === 'already-answered')).toHaveLength(2);
    expect(names).toContain('agreed-both');
    await kept.engine.drain();
    await kept.at('2026-11-23T12:45:00Z');
    expect((await agreement())?.status).toBe('agreed');
    expect((await toLee()).map((m) => m.kind)).toEqual(['supporter-confirm']);
    // A retry long after (a webhook redelivered) plans nothing new.
    await answerSupporterRequest(deps, ref, sam!, true, 'sms', kept.clock.now);
    await kept.at('2026-11-23T12:50:00Z');
    expect((await toLee()).map((m) => m.kind)).toEqual(['supporter-confirm']);
  });
});

describe('the supporter words', () => {
  it('SUPPORTER YES / SUPPORTER NO in any case and spacing; a bare YES or NO is only those words', () => {
    for (const text of ['SUPPORTER YES', 'supporter yes', ' Supporters  yes! ']) {
      expect(parseReply(text)).toEqual({ type: 'supporter-answer', agree: true });
    }
    expect(parseReply('supporter no')).toEqual({ type: 'supporter-answer', agree: false });
    expect(parseReply('supporter yes please').type).not.toBe('supporter-answer');
    expect(['YES', 'yes', ' Yes! ', 'NO', 'no.'].map(bareYesNo)).toEqual(['yes', 'yes', 'yes', 'no', 'no']);
    expect(['Y', 'N', 'yeah', 'yes I did', 'no - stuck at work', 'START', ''].map(bareYesNo)).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
  });
});

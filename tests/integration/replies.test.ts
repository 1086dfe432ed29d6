import { afterAll, describe, expect, it } from 'vitest';
import { applyPlan } from '../../shared/plan/apply-plan.ts';
import { listCheckIns } from '../../shared/store/checkin-repository.ts';
import { getPartner } from '../../shared/store/partner-repository.ts';
import { listSchedules } from '../../shared/store/schedule-repository.ts';
import { dailyCommitment, examplePlan, validPlan } from '../helpers/plans.ts';
import { useEmbeddedStore } from '../helpers/store.ts';
import { ALEX, SAM, couple } from '../helpers/couple.ts';

const embedded = useEmbeddedStore();
afterAll(() => embedded.stop());

// Monday 2026-11-23. Sam's check-in is 20:00 New York = 01:00Z the next day.
const MON_CHECKIN = '2026-11-24T01:00:00Z';
const TUE_CHECKIN = '2026-11-25T01:00:00Z';
const allCheckIns = (store: Parameters<typeof listCheckIns>[0]) =>
  listCheckIns(store, 'sam-alex', 0, Date.parse('2100-01-01T00:00:00Z'));

describe('answering a check-in by text', () => {
  it('logs Y as kept, tells the partner once, and lets the latest answer stand', async () => {
    const c = await couple(await embedded.fresh());
    await c.at(MON_CHECKIN);
    await c.at('2026-11-24T01:05:00Z');
    expect((await c.text(SAM, 'Y called at 12:40')).reply).toBe('Logged as kept. Alex will see it. Nice work.');
    const [checkIn] = await allCheckIns(c.store);
    expect(checkIn).toMatchObject({ status: 'kept', note: 'called at 12:40', answeredBy: 'sam' });
    // The notice waits for the answer to settle (10 minutes), then goes out.
    expect((await c.messagesTo(ALEX)).filter((m) => m.kind === 'kept-notice')).toHaveLength(0);
    await c.at('2026-11-24T01:15:00Z');
    const notices = (await c.messagesTo(ALEX)).filter((m) => m.kind === 'kept-notice');
    expect(notices.map((m) => m.body)).toEqual([
      'Sam kept: call Alex at lunch. Reply THANKS to let them know you noticed.',
    ]);

    await c.text(SAM, 'N');
    await c.text(SAM, 'yes');
    expect((await allCheckIns(c.store))[0]!.status).toBe('kept');
    expect((await c.messagesTo(ALEX)).filter((m) => m.kind === 'kept-notice')).toHaveLength(1);
  });

  it('never tells the partner about a miss, a skip or an unanswered check-in', async () => {
    const c = await couple(await embedded.fresh());
    await c.at(MON_CHECKIN);
    await c.text(SAM, 'No - stuck at work');
    await c.at(TUE_CHECKIN);
    await c.text(SAM, 'skip');
    await c.at('2026-11-26T01:00:00Z'); // Wednesday's: never answered
    await c.at('2026-11-27T02:00:00Z');
    const toAlex = await c.messagesTo(ALEX);
    expect(toAlex.map((m) => m.kind).filter((k) => k !== 'ritual-reminder' && k !== 'ritual-checkin')).toEqual([]);
    expect(toAlex.some((m) => /stuck|miss|skip/i.test(m.body))).toBe(false);
    const statuses = (await allCheckIns(c.store)).filter((x) => x.ref.startsWith('commitment:')).map((x) => x.status);
    expect(statuses).toEqual(['missed', 'skipped', 'open', 'open']);
  });

  it('answers merged check-ins by number, in order, and asks instead of guessing a bare Y', async () => {
    const plan = examplePlan();
    plan.commitments!.push(dailyCommitment('note', 'sam', 'Leave a note', '20:10'));
    const c = await couple(await embedded.fresh(), { plan });
    await c.at('2026-11-24T01:10:00Z');
    const prompt = (await c.messagesTo(SAM)).find((m) => m.kind === 'checkin')!;
    expect(prompt.body).toBe('Check-in: 1) Call Alex at lunch 2) Leave a note - reply like 1Y 2Y');

    const asked = await c.text(SAM, 'Y');
    expect(asked).toMatchObject({
      outcome: 'asked-which',
      reply: 'Which one? 1) Call Alex at lunch 2) Leave a note - reply like 1Y 2Y',
    });
    expect((await allCheckIns(c.store)).map((x) => x.status)).toEqual(['open', 'open']);

    expect((await c.text(SAM, '1 y, 2 n')).reply).toBe('Logged: 1 kept, 1 missed. Alex will see what you kept.');
    expect((await allCheckIns(c.store)).map((x) => `${x.ref}=${x.status}`)).toEqual([
      'commitment:lunch-call=kept',
      'commitment:note=missed',
    ]);
    await c.text(SAM, 'YY'); // in order: both kept now
    expect((await allCheckIns(c.store)).map((x) => x.status)).toEqual(['kept', 'kept']);
    // A number that does not exist changes nothing at all.
    expect((await c.text(SAM, '1N 3N')).outcome).toBe('bad-numbers');
    expect((await allCheckIns(c.store)).map((x) => x.status)).toEqual(['kept', 'kept']);
  });

  it('keeps a check-in open for 24 hours: a late answer counts, one after that does not', async () => {
    const c = await couple(await embedded.fresh());
    await c.at(MON_CHECKIN);
    c.clock.now = Date.parse('2026-11-24T23:59:00Z');
    expect((await c.text(SAM, 'Y')).outcome).toBe('logged');
    const c2 = await couple(await embedded.fresh());
    await c2.at(MON_CHECKIN);
    c2.clock.now = Date.parse('2026-11-25T01:00:01Z'); // just past 24 h, before Tuesday's prompt
    const late = await c2.text(SAM, 'Y');
    expect(late.outcome).toBe('nothing-open');
    expect((await allCheckIns(c2.store))[0]!.status).toBe('open'); // shown as unanswered in the summary
  });

  it('an answer racing the expiry is either in or out, never half', async () => {
    const c = await couple(await embedded.fresh());
    await c.at(MON_CHECKIN);
    c.clock.now = Date.parse(MON_CHECKIN) + 24 * 3_600_000 - 1; // the last millisecond
    const results = await Promise.all([c.text(SAM, 'Y', 'race-1'), c.text(SAM, 'Y', 'race-2')]);
    expect(results.map((r) => r.outcome).sort()).toEqual(['logged', 'logged']);
    await c.at(new Date(c.clock.now + 10 * 60_000).toISOString()); // the notice's settle window
    expect((await c.messagesTo(ALEX)).filter((m) => m.kind === 'kept-notice')).toHaveLength(1);
  });

  it('handles the same inbound message twice (a provider retry) once', async () => {
    const c = await couple(await embedded.fresh());
    await c.at(MON_CHECKIN);
    const first = await c.text(SAM, 'Y', 'SM123');
    const again = await c.text(SAM, 'Y', 'SM123');
    expect(again).toEqual({ outcome: 'duplicate', reply: first.reply });
    expect((await c.messagesTo(SAM)).filter((m) => m.kind === 'reply')).toHaveLength(1);
  });

  it('matches numbers written other ways, and answers nothing to a number it does not know', async () => {
    const c = await couple(await embedded.fresh());
    await c.at(MON_CHECKIN);
    expect((await c.text('(555) 555-0101', 'y')).outcome).toBe('logged');
    const before = (await c.messages()).length;
    expect(await c.text('+15555559999', 'Y')).toEqual({ outcome: 'unknown-number', reply: null });
    expect(await c.text('not a number', 'STOP')).toEqual({ outcome: 'unknown-number', reply: null });
    expect((await c.messages()).length).toBe(before);
  });

  it.each([
    ['an empty body', '', 'open', 'not-understood'],
    ['a 1,600-character body', 'x'.repeat(1600), 'open', 'not-understood'],
    ['emoji only', '\u{1F600}\u{1F389}', 'open', 'not-understood'],
    // Invisible and broken characters are dropped: what is left is read as usual.
    ['RTL and zero-width characters around "yes"', '\u202Eyes\u200D', 'kept', 'logged'],
    ['an unpaired surrogate after "Y"', 'Y\uD800', 'kept', 'logged'],
  ])(
    'answers %s in one short text, never throwing, and logs only what it could read',
    async (_name, body, status, outcome) => {
      const c = await couple(await embedded.fresh());
      await c.at(MON_CHECKIN);
      const result = await c.text(SAM, body);
      expect(result.outcome).toBe(outcome);
      expect(result.reply!.length).toBeLessThanOrEqual(160);
      expect((await allCheckIns(c.store)).map((x) => x.status)).toEqual([status]);
    },
  );
});

describe('thanks', () => {
  it('sends the thanks to the partner who kept the promise, once', async () => {
    const c = await couple(await embedded.fresh());
    expect((await c.text(ALEX, 'THANKS')).reply).toMatch(/^Nothing to thank for just now/);
    await c.at(MON_CHECKIN);
    await c.text(SAM, 'Y');
    expect((await c.text(ALEX, 'thank you!')).reply).toBe('Sent your thanks to Sam.');
    const thanks = (await c.messagesTo(SAM)).filter((m) => m.kind === 'thanks-notice');
    expect(thanks.map((m) => m.body)).toEqual(['Alex noticed you kept: call Alex at lunch. Thank you.']);
    await c.text(ALEX, '\u2764\uFE0F');
    expect((await c.messagesTo(SAM)).filter((m) => m.kind === 'thanks-notice')).toHaveLength(1);
  });

  it("holds a kept notice for the recipient's quiet hours", async () => {
    const plan = examplePlan();
    plan.partners[1]!.quietHours = { from: '22:00', to: '07:00' }; // Alex, London
    const c = await couple(await embedded.fresh(), { plan });
    await c.at(MON_CHECKIN); // 01:00 in London
    await c.text(SAM, 'Y');
    expect((await c.messagesTo(ALEX)).filter((m) => m.kind === 'kept-notice')).toHaveLength(0);
    await c.at('2026-11-24T07:00:00Z');
    const notice = (await c.messagesTo(ALEX)).find((m) => m.kind === 'kept-notice');
    expect(notice?.sentAt).toBe('2026-11-24T07:00:00.000Z');
  });
});

describe('pause, stop and help', () => {
  it('PAUSE holds reminders, check-ins and affirmations, logs them as paused, and does not tell the partner', async () => {
    const c = await couple(await embedded.fresh());
    c.clock.now = Date.parse('2026-11-23T20:00:00Z');
    expect((await c.text(SAM, 'PAUSE 2')).reply).toMatch(/^Paused until Wed, Nov 25, 15:00\./);
    const since = c.clock.now;
    await c.at(MON_CHECKIN);
    await c.at('2026-11-24T13:00:00Z'); // Tuesday's affirmation
    await c.at(TUE_CHECKIN);
    expect((await c.messagesTo(SAM, since)).map((m) => m.kind)).toEqual(['reply']);
    expect((await c.messagesTo(ALEX, since)).some((m) => /pause/i.test(m.body))).toBe(false);
    expect((await allCheckIns(c.store)).filter((x) => x.ref.startsWith('commitment:')).map((x) => x.status)).toEqual([
      'paused',
      'paused',
    ]);
    await c.text(SAM, 'RESUME');
    await c.at('2026-11-26T01:00:00Z');
    expect((await c.messagesTo(SAM, since)).map((m) => m.kind)).toContain('checkin');
  });

  it('after STOP not one SMS of any kind goes to that number, until START', async () => {
    const c = await couple(await embedded.fresh());
    c.clock.now = Date.parse('2026-11-23T20:00:00Z');
    expect(await c.text(SAM, 'stop')).toEqual({ outcome: 'opted-out', reply: null });
    const since = c.clock.now;
    // Three days of every kind: check-ins, reminders, affirmations, replies to texts, thanks.
    for (const day of ['24', '25', '26']) {
      for (const time of ['00:30', '01:00', '03:00', '12:30', '13:00']) await c.at(`2026-11-${day}T${time}:00Z`);
      await c.text(SAM, 'Y');
      await c.text(SAM, 'HELP');
      await c.text(ALEX, 'Y');
      await c.text(ALEX, 'THANKS');
    }
    expect(await c.messagesTo(SAM, since)).toEqual([]);
    const sam = await getPartner(c.store, 'sam-alex', 'sam');
    expect(sam?.smsOptedOut).toBe(true);
    expect(sam?.consentLog.at(-1)).toMatchObject({ source: 'sms', words: 'STOP' });
    expect((await c.text(SAM, 'START')).reply).toBe("You're back on Kept texts. Reply STOP to opt out, HELP for help.");
    expect((await c.messagesTo(SAM, since)).map((m) => m.kind)).toEqual(['reply']);
  });

  it('HELP names the brand, what it is, how to stop, and the support contact', async () => {
    const c = await couple(await embedded.fresh());
    const { reply } = await c.text(SAM, 'help');
    expect(reply).toBe(
      'Kept: reminders for promises you and Alex make. Reply Y/N to check-ins, WEEK for your week, PAUSE 3 to pause, STOP to opt out. Help: help@kept.example',
    );
  });

  it('WEEK sums up this week so far', async () => {
    const c = await couple(await embedded.fresh());
    await c.at(MON_CHECKIN);
    await c.text(SAM, 'Y');
    await c.at(TUE_CHECKIN);
    await c.text(SAM, 'N');
    expect((await c.text(SAM, 'WEEK')).reply).toBe('This week so far: Call Alex at lunch 1/2 kept.');
    await c.at('2026-11-25T12:30:00Z'); // Sam's ritual check-in, held for quiet hours
    expect((await c.text(SAM, 'status')).reply).toBe(
      'This week so far: Call Alex at lunch 1/2 kept; Night walk together 0/1 done.',
    );
  });
});

describe('consent', () => {
  it('a pending partner gets only the consent request; YES starts their schedules, with evidence', async () => {
    const plan = examplePlan();
    plan.partners[1]!.consent = 'pending';
    const store = await embedded.fresh();
    const c = await couple(store, { plan });
    await c.at(MON_CHECKIN);
    expect((await c.messagesTo(ALEX)).map((m) => m.kind)).toEqual(['consent-request']);
    c.clock.now = Date.parse('2026-11-24T09:00:00Z');
    expect((await c.text(ALEX, 'Yes')).reply).toBe(
      'Welcome to Kept (Sam & Alex). Your reminders start now. Reply HELP for help, STOP to opt out.',
    );
    const alex = await getPartner(store, 'sam-alex', 'alex');
    expect(alex?.consent).toBe('confirmed');
    expect(alex?.consentLog.at(-1)).toEqual({
      at: '2026-11-24T09:00:00.000Z',
      status: 'confirmed',
      source: 'sms',
      words: 'Yes',
    });
    await c.at('2026-11-25T00:30:00Z'); // Tuesday's night-walk reminder
    expect((await c.messagesTo(ALEX)).map((m) => m.kind)).toEqual(['consent-request', 'reply', 'ritual-reminder']);
    // Re-applying the plan after consent changes nothing.
    expect((await applyPlan(store, validPlan(plan), c.clock.now)).changes).toEqual([]);
  });

  it('NO declines: nothing is scheduled for them and the decision is kept', async () => {
    const plan = examplePlan();
    plan.partners[1]!.consent = 'pending';
    const store = await embedded.fresh();
    const c = await couple(store, { plan });
    expect((await c.text(ALEX, 'no')).outcome).toBe('consent-declined');
    await c.at('2026-11-25T00:30:00Z');
    expect((await c.messagesTo(ALEX)).map((m) => m.kind)).toEqual(['consent-request', 'reply']);
    expect((await getPartner(store, 'sam-alex', 'alex'))?.consent).toBe('declined');
    expect(
      (await listSchedules(store, 'sam-alex')).filter((s) => s.recipientId === 'alex' && s.active && s.fireAt !== null),
    ).toEqual([]);
  });
});

describe('shared rituals', () => {
  it('is done when either partner says Y; the other is not asked again, and a later answer changes nothing', async () => {
    const c = await couple(await embedded.fresh());
    await c.at('2026-11-25T03:00:00Z'); // Tuesday's walk + 2 h: Alex is asked (Sam's prompt waits for quiet hours)
    expect((await c.text(ALEX, 'Y')).reply).toBe('Logged as kept. Nice work.');
    await c.at('2026-11-25T12:30:00Z'); // Sam's quiet hours end
    expect((await c.messagesTo(SAM)).filter((m) => m.kind === 'ritual-checkin')).toHaveLength(0);
    const ritual = (await allCheckIns(c.store)).find((x) => x.ref === 'ritual:night-walk');
    expect(ritual).toMatchObject({ status: 'kept', answeredBy: 'alex' });
  });
});

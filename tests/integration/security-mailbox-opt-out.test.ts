import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSession } from '../../shared/auth/session.ts';
import { isOptedOut, setOptOut } from '../../shared/consent/opt-out.ts';
import type { createRouter } from '../../shared/http/router.ts';
import type { HttpResponse } from '../../shared/http/types.ts';
import { applyPlan } from '../../shared/plan/apply-plan.ts';
import { getPartner } from '../../shared/store/partner-repository.ts';
import { listWholeOutbox } from '../../shared/store/message-repository.ts';
import type { Store } from '../../shared/store/store.ts';
import { couple } from '../helpers/couple.ts';
import { apiRouter, signedInCaller } from '../helpers/api-harness.ts';
import { examplePlan, eveAndInvitee, validPlan } from '../helpers/plans.ts';
import { useEmbeddedStore } from '../helpers/store.ts';

// An unsubscribe is the person's "no more email", whichever spelling of their mailbox Kept is
// given next: a +tag reaches the same inbox at most providers, so it must not start mail again.
const embedded = useEmbeddedStore();
let store: Store;
let kept: Awaited<ReturnType<typeof couple>>;
let handle: ReturnType<typeof createRouter>;

beforeAll(async () => {
  store = await embedded.fresh();
  kept = await couple(store);
  handle = apiRouter(store, kept.engine.queue, () => kept.clock.now);
});
afterAll(() => embedded.stop());

const unsubscribed = () => ({
  at: new Date(kept.clock.now).toISOString(),
  status: 'pending' as const,
  source: 'email-link' as const,
  words: 'unsubscribe',
});
const call = (method: string, path: string, token: string, body?: unknown) =>
  signedInCaller(handle)(method, path, token, body);
const json = (response: HttpResponse) => JSON.parse(response.body ?? '{}');
const mailTo = async (address: string) =>
  (await listWholeOutbox(store)).filter((m) => m.to.toLowerCase() === address.toLowerCase());

describe('an unsubscribe stops every +tag spelling of the mailbox', () => {
  it('an ex cannot invite the unsubscribed mailbox again under a +tag: nothing is sent', async () => {
    await setOptOut(store, 'jo@example.com', true, unsubscribed());
    const eve = await startSession(store, '+15555550931', kept.clock.now);
    for (const tagged of ['jo+again@example.com', 'Jo+Again2@Example.com']) {
      const response = await call('POST', '/api/pairs', eve, {
        name: 'Eve',
        timezone: 'America/New_York',
        pairName: 'Eve & you',
        invite: { name: 'Jo', email: tagged },
      });
      expect(response.status).toBe(409);
      expect(json(response).error.code).toBe('invitation_not_sent');
      await kept.engine.runOnce();
      expect(await mailTo(tagged)).toEqual([]);
    }
  });

  it('a plan naming a +tag of an unsubscribed mailbox stores that partner unsubscribed, and asks nothing', async () => {
    await setOptOut(store, 'kim@example.com', true, unsubscribed());
    const plan = eveAndInvitee('eve-kim', '+15555550932', { id: 'kim', name: 'Kim', email: 'kim+kept@example.com' });
    await applyPlan(store, validPlan(plan), kept.clock.now);
    expect((await getPartner(store, 'eve-kim', 'kim'))?.emailUnsubscribed).toBe(true);
    await kept.engine.runOnce();
    expect(await mailTo('kim+kept@example.com')).toEqual([]);
  });

  it('a supporter who unsubscribed under one spelling is unsubscribed under every +tag, and the other way round', async () => {
    await setOptOut(store, 'Lee.Smith+kept@Example.org', true, unsubscribed());
    expect(await isOptedOut(store, 'lee.smith@example.org')).toBe(true);
    expect(await isOptedOut(store, 'lee.smith+again@example.org')).toBe(true);
    // Another mailbox is not touched.
    expect(await isOptedOut(store, 'lee.smyth@example.org')).toBe(false);
  });

  it("an unsubscribe under one spelling stops a pair's mail to another spelling at once, both ways", async () => {
    for (const [inPlan, clicked] of [
      ['sam+kept@example.com', 'sam@example.com'],
      ['sam@example.com', 'Sam+Kept@example.com'],
    ] as const) {
      store = await embedded.fresh();
      const plan = examplePlan();
      plan.partners[0] = { ...plan.partners[0]!, email: inPlan, channel: 'email' };
      const sam = await couple(store, { plan });
      for (const hour of ['14', '18', '23']) await sam.at(`2026-11-23T${hour}:00:00Z`);
      expect((await sam.messagesTo(inPlan)).length).toBeGreaterThan(0); // Sam's messages go by email
      // Sam clicks unsubscribe in mail to another spelling of his mailbox (another pair's, say).
      await setOptOut(store, clicked, true, { ...unsubscribed(), at: new Date(sam.clock.now).toISOString() });
      const since = sam.clock.now;
      for (const day of ['2026-11-24', '2026-11-25'])
        for (const hour of ['14', '18', '23']) await sam.at(`${day}T${hour}:00:00Z`);
      expect(await sam.messagesTo(inPlan, since)).toEqual([]);
    }
  });
});

describe('a mailbox is asked for consent at most once in 30 days, under any +tag', () => {
  it('a second pair inviting another +tag of an invited mailbox is told it could not be sent, and nothing goes', async () => {
    store = await embedded.fresh();
    kept = await couple(store);
    handle = apiRouter(store, kept.engine.queue, () => kept.clock.now);
    const invite = async (inviterPhone: string, email: string) =>
      call('POST', '/api/pairs', await startSession(store, inviterPhone, kept.clock.now), {
        name: 'Eve',
        timezone: 'America/New_York',
        pairName: 'Eve & you',
        invite: { name: 'Jo', email },
      });
    expect((await invite('+15555550941', 'jo+1@example.com')).status).toBe(201);
    await kept.engine.runOnce();
    expect((await mailTo('jo+1@example.com')).map((m) => m.kind)).toEqual(['consent-request']);
    // A create-and-invite loop under new +tags (from other numbers) reaches the same inbox: held.
    for (const [phone, tagged] of [
      ['+15555550942', 'jo+2@example.com'],
      ['+15555550943', 'jo@example.com'],
    ]) {
      kept.clock.now += 86_400_000;
      const response = await invite(phone!, tagged!);
      expect(response.status).toBe(409);
      expect(json(response).error.code).toBe('invitation_not_sent');
      await kept.engine.runOnce();
      expect(await mailTo(tagged!)).toEqual([]);
    }
  });
});

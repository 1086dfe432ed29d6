import { afterAll, describe, expect, it } from 'vitest';
import { createRouter } from '../../shared/http/router.ts';
import { supporterLinkRoutes } from '../../shared/http/supporter-link-routes.ts';
import type { HttpRequest } from '../../shared/http/types.ts';
import { supporterAgreeToken, supporterConfirmToken } from '../../shared/links/supporter-link.ts';
import { makeToken } from '../../shared/links/signed-token.ts';
import type { PlanInput } from '../../shared/model/plan.ts';
import { applyPlan } from '../../shared/plan/apply-plan.ts';
import { getAgreement } from '../../shared/store/supporter-repository.ts';
import { silentLogger } from '../../shared/util/logger.ts';
import { ALEX, couple } from '../helpers/couple.ts';
import { examplePlan, validPlan } from '../helpers/plans.ts';
import { useEmbeddedStore } from '../helpers/store.ts';

const embedded = useEmbeddedStore();
afterAll(() => embedded.stop());
const LINKS = { secret: 'supporter-link-secret-long-enough-0123', publicUrl: 'https://kept.example.com' };
const LEE = 'lee@example.org';
const DAY = 86_400_000;

/** Sam reads email, Alex texts; Dr. Lee is listed, so both are asked (Sam's request has a link). */
function plan(pairId = 'sam-alex', phones = ['+15555550101', '+447700900123']): PlanInput {
  const p = examplePlan();
  p.pair.id = pairId;
  p.partners[0]!.phone = phones[0];
  p.partners[1]!.phone = phones[1];
  p.partners[0]!.email = `sam@${pairId}.example.com`;
  p.partners[0]!.channel = 'email';
  p.supporters = [{ id: 'dr-lee', name: 'Dr. Lee', email: LEE }];
  return p;
}

async function setup() {
  const store = await embedded.fresh();
  const kept = await couple(store, { plan: plan(), links: LINKS });
  await kept.at('2026-11-23T12:31:00Z');
  const handle = createRouter(
    supporterLinkRoutes({
      store,
      queue: kept.engine.queue,
      logger: silentLogger,
      linkSecret: LINKS.secret,
      now: () => kept.clock.now,
      afterAnswer: () => kept.engine.drain().then(() => undefined),
    }),
    silentLogger,
  );
  const call = (
    method: string,
    path: string,
    answer?: 'yes' | 'no' | 'maybe',
  ): Promise<{ status: number; body?: string }> =>
    handle({
      method,
      path,
      query: new URLSearchParams(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: answer ? `answer=${answer}` : '',
      sourceIp: '127.0.0.1',
    } satisfies HttpRequest);
  const linkIn = async (to: string, kind: string) => {
    const message = (await kept.messages()).find((m) => m.to === to && m.kind === kind);
    return message ? new URL(message.body.match(/https:\/\/\S+/)![0]).pathname : null;
  };
  const agreement = (pairId = 'sam-alex') => getAgreement(store, pairId, 'dr-lee');
  return { store, kept, call, linkIn, agreement };
}

describe('agreeing to a supporter by email', () => {
  it('GET only shows the choice (a scanner changes nothing); the POSTs of both partners and then the supporter confirm', async () => {
    const { kept, call, linkIn, agreement } = await setup();
    const samLink = (await linkIn('sam@sam-alex.example.com', 'supporter-request'))!;
    expect(samLink).toMatch(/^\/sa\/[\w-]+\.[\w-]+$/);
    const page = await call('GET', samLink);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Dr. Lee never sees misses, unanswered check-ins, what you wrote in conversations');
    expect(page.body).toContain(`add Dr. Lee (${LEE}) as your supporter`);
    expect(page.body).toContain('<button type="submit" name="answer" value="yes">I agree</button>');
    expect((await agreement())?.answers).toEqual({});
    expect((await call('POST', samLink, 'maybe')).status).toBe(400);
    const agreed = await call('POST', samLink, 'yes');
    expect([agreed.status, agreed.body]).toEqual([200, expect.stringContaining('Alex is asked too')]);
    expect((await agreement())?.answers.sam).toMatchObject({ agree: true, via: 'email-link' });
    expect(await linkIn(LEE, 'supporter-confirm')).toBeNull(); // one partner alone asks nobody

    expect((await kept.text(ALEX, 'SUPPORTER YES')).reply).toMatch(/^Thanks: you both agreed/);
    const leeLink = (await linkIn(LEE, 'supporter-confirm'))!;
    expect(leeLink).toMatch(/^\/sc\//);
    expect((await call('GET', leeLink)).body).toContain('Yes, I confirm');
    expect((await agreement())?.status).toBe('agreed');
    const confirmed = await call('POST', leeLink, 'yes');
    expect([confirmed.status, confirmed.body]).toEqual([
      200,
      expect.stringContaining('weekly email about Alex and Sam'),
    ]);
    expect((await agreement())?.status).toBe('confirmed');
    // Replayed: the same answer again changes nothing and says so.
    expect((await call('POST', leeLink, 'yes')).status).toBe(200);
    expect((await call('POST', samLink, 'no')).status).toBe(409);
    expect((await agreement())?.status).toBe('confirmed');
    await kept.at('2026-11-29T23:00:00Z');
    expect((await kept.messages()).filter((m) => m.to === LEE).map((m) => m.kind)).toEqual([
      'supporter-confirm',
      'supporter-summary',
    ]);
  });

  it('refuses a forged link, a link signed elsewhere, a link of the wrong kind, and the supporter acting before both agreed', async () => {
    const { call, linkIn, agreement, kept } = await setup();
    const samLink = (await linkIn('sam@sam-alex.example.com', 'supporter-request'))!;
    const [body, signature] = samLink.slice('/sa/'.length).split('.');
    const payload = JSON.parse(Buffer.from(body!, 'base64url').toString());
    const asAlex = Buffer.from(JSON.stringify({ ...payload, r: 'alex' })).toString('base64url');
    expect((await call('POST', `/sa/${asAlex}.${signature}`, 'yes')).status).toBe(404);
    const elsewhere = supporterAgreeToken('another-secret-entirely-0123456789', {
      pairId: 'sam-alex',
      partnerId: 'alex',
      supporterId: 'dr-lee',
      requestId: payload.q,
      expiresAt: kept.clock.now + DAY,
    });
    expect((await call('POST', `/sa/${elsewhere}`, 'yes')).status).toBe(404);
    expect((await call('POST', '/sc/not-a-token', 'yes')).status).toBe(404);
    // The partner's link at the supporter's address, and the other way round: another purpose.
    expect((await call('POST', `/sc/${samLink.slice(4)}`, 'yes')).status).toBe(404);
    const supporterToken = supporterConfirmToken(LINKS.secret, {
      pairId: 'sam-alex',
      supporterId: 'dr-lee',
      requestId: payload.q,
      expiresAt: kept.clock.now + DAY,
    });
    expect((await call('POST', `/sa/${supporterToken}`, 'yes')).status).toBe(404);
    // Even a genuine confirmation link does nothing while the partners have not both agreed.
    expect((await call('POST', `/sc/${supporterToken}`, 'yes')).status).toBe(410);
    await call('POST', samLink, 'yes');
    expect((await call('POST', `/sc/${supporterToken}`, 'yes')).status).toBe(410);
    const wrongPurpose = makeToken(LINKS.secret, { ...payload, purpose: 'checkin' });
    expect((await call('POST', `/sa/${wrongPurpose}`, 'yes')).status).toBe(404);
    expect(await agreement()).toMatchObject({ status: 'asking', answers: { sam: { agree: true } } });
    // Expired: the request's 14 days are over.
    kept.clock.now += 15 * DAY;
    expect((await call('GET', samLink)).status).toBe(410);
  });

  it('a link replayed after SUPPORTER OFF, or from another pair, does nothing', async () => {
    const { call, linkIn, agreement, kept, store } = await setup();
    // A second couple in the same store with a supporter of the same id.
    await applyPlan(store, validPlan(plan('jo-kim', ['+15555550111', '+447700900999'])), kept.clock.now);
    const theirs = (await agreement('jo-kim'))!;
    const samLink = (await linkIn('sam@sam-alex.example.com', 'supporter-request'))!;
    const ours = JSON.parse(Buffer.from(samLink.slice(4).split('.')[0]!, 'base64url').toString());
    /** A partner's link to our request, signed with the right secret, for a day from now. */
    const agreeLink = (pairId: string, partnerId: string) => {
      const input = { pairId, partnerId, supporterId: 'dr-lee', requestId: ours.q, expiresAt: kept.clock.now + DAY };
      return `/sa/${supporterAgreeToken(LINKS.secret, input)}`;
    };
    // Naming the other pair with our request: not theirs.
    expect((await call('POST', agreeLink('jo-kim', 'sam'), 'yes')).status).toBe(404);
    expect((await call('POST', samLink, 'yes')).status).toBe(200);
    expect((await agreement('jo-kim'))?.answers).toEqual(theirs.answers);
    expect((await agreement('jo-kim'))?.answers).toEqual({});

    expect((await kept.text(ALEX, 'SUPPORTER OFF')).outcome).toBe('supporter-off');
    expect((await call('GET', samLink)).status).toBe(200); // "You have answered": nothing to do
    // Alex never answered; his link (as mailed had he read email) is refused once the request is withdrawn.
    expect((await call('POST', agreeLink('sam-alex', 'alex'), 'yes')).status).toBe(410);
    expect(await agreement()).toMatchObject({ status: 'removed', endedBy: 'alex' });
  });

  it('declining by link closes the request and tells nobody', async () => {
    const { call, linkIn, agreement, kept } = await setup();
    const before = (await kept.messages()).length;
    const declined = await call('POST', (await linkIn('sam@sam-alex.example.com', 'supporter-request'))!, 'no');
    expect([declined.status, declined.body]).toEqual([200, expect.stringContaining('Nobody is told.')]);
    expect(await agreement()).toMatchObject({ status: 'declined', endedBy: 'sam' });
    await kept.at('2026-11-24T13:00:00Z');
    const after = (await kept.messages())
      .slice(before)
      .filter((m) => !['affirmation', 'checkin', 'ritual-reminder'].includes(m.kind));
    expect(after).toEqual([]);
    expect((await kept.text(ALEX, 'YES')).reply).toBe(
      'The supporter request for Dr. Lee is no longer open, so nothing changed.',
    );
  });
});

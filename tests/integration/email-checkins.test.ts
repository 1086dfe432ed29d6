import { afterAll, describe, expect, it } from 'vitest';
import { createRouter } from '../../shared/http/router.ts';
import { checkInLinkRoutes } from '../../shared/http/checkin-link-routes.ts';
import type { HttpRequest } from '../../shared/http/types.ts';
import { checkInToken } from '../../shared/links/checkin-link.ts';
import { makeToken } from '../../shared/links/signed-token.ts';
import { listCheckIns } from '../../shared/store/checkin-repository.ts';
import { silentLogger } from '../../shared/util/logger.ts';
import { OutboxChannel } from '../../shared/channels/outbox-channel.ts';
import { LocalEngine } from '../../local/engine.ts';
import { applyPlan } from '../../shared/plan/apply-plan.ts';
import { listWholeOutbox } from '../../shared/store/message-repository.ts';
import { alexInvitedByEmail, examplePlan, validPlan } from '../helpers/plans.ts';
import { engineSendingLinks, linkRequest } from '../helpers/email-links.ts';
import { useEmbeddedStore } from '../helpers/store.ts';

const SECRET = 'email-checkin-secret-long-enough-1234';
const PUBLIC = 'https://kept.example.com';
const embedded = useEmbeddedStore();
afterAll(() => embedded.stop());
const CHECKIN = Date.parse('2026-11-24T01:00:00Z');

/** Sam gets check-ins by email; the engine sends Monday's, with one-click links. */
async function setup() {
  const store = await embedded.fresh();
  const plan = examplePlan();
  plan.partners[0]!.channel = 'email';
  plan.rituals = [];
  plan.affirmations = [];
  const { clock, engine } = await engineSendingLinks(store, plan, CHECKIN, SECRET);
  const handle = createRouter(
    checkInLinkRoutes({
      store,
      queue: engine.queue,
      logger: silentLogger,
      linkSecret: SECRET,
      now: () => clock.now,
      afterAnswer: () => engine.drain().then(() => undefined),
    }),
    silentLogger,
  );
  const request = linkRequest;
  const email = (await listWholeOutbox(store)).find((m) => m.kind === 'checkin')!;
  const links = [...email.body.matchAll(/(I kept it|Not this time): (https:\/\/\S+)/g)].map((m) => ({
    label: m[1],
    path: new URL(m[2]!).pathname,
  }));
  const statusOf = async () =>
    (await listCheckIns(store, 'sam-alex', 0, Date.parse('2100-01-01T00:00:00Z')))[0]!.status;
  return { store, clock, handle, request, email, links, statusOf, engine };
}

describe('one-click check-ins by email', () => {
  it('the email carries two signed links and an HTML part with both buttons', async () => {
    const { email, links } = await setup();
    expect(email.channel).toBe('email');
    expect(links.map((l) => l.label)).toEqual(['I kept it', 'Not this time']);
    expect(links[0]!.path).toMatch(/^\/c\/[\w-]+\.[\w-]+$/);
    expect(email.html).toContain('>I kept it</a>');
    expect(email.html).toContain('>Not this time</a>');
  });

  it('GET only shows a button (a mail scanner opening it changes nothing); the POST logs it and tells the partner', async () => {
    const { handle, request, links, statusOf, store, clock, engine } = await setup();
    const page = await handle(request('GET', links[0]!.path));
    expect(page.status).toBe(200);
    expect(page.body).toContain('<form method="post"><button type="submit">I kept it</button></form>');
    expect(await statusOf()).toBe('open');
    const done = await handle(request('POST', links[0]!.path));
    expect(done.status).toBe(200);
    expect(done.body).toContain('Alex will see that you kept it.');
    expect(await statusOf()).toBe('kept');
    clock.now += 10 * 60_000; // the notice waits for the answer to settle
    await engine.runOnce();
    const notices = (await listWholeOutbox(store)).filter((m) => m.kind === 'kept-notice');
    expect(notices.map((m) => m.to)).toEqual(['+447700900123']);
    // The latest answer stands, and the partner is not told twice.
    await handle(request('POST', links[1]!.path));
    await handle(request('POST', links[0]!.path));
    expect((await listWholeOutbox(store)).filter((m) => m.kind === 'kept-notice')).toHaveLength(1);
  });

  it('offers an undo for an hour, and only for the answer that link gave', async () => {
    const { handle, request, links, statusOf, clock } = await setup();
    await handle(request('POST', links[1]!.path));
    expect(await statusOf()).toBe('missed');
    expect((await handle(request('POST', `${links[0]!.path}/undo`))).status).toBe(409); // the other link's answer
    const undone = await handle(request('POST', `${links[1]!.path}/undo`));
    expect(undone.status).toBe(200);
    expect(await statusOf()).toBe('open');
    await handle(request('POST', links[1]!.path));
    clock.now += 61 * 60_000;
    expect((await handle(request('POST', `${links[1]!.path}/undo`))).status).toBe(409);
    expect(await statusOf()).toBe('missed');
  });

  it('refuses a tampered token, one for another check-in or purpose, and an expired one (410)', async () => {
    const { handle, request, links, statusOf, clock } = await setup();
    const token = links[0]!.path.slice(3);
    const [body, signature] = token.split('.');
    const payload = JSON.parse(Buffer.from(body!, 'base64url').toString());
    const changed = Buffer.from(JSON.stringify({ ...payload, a: 'missed' })).toString('base64url');
    expect((await handle(request('POST', `/c/${changed}.${signature}`))).status).toBe(404);
    // A valid token for a check-in that does not exist (replayed against another one).
    const other = checkInToken(
      SECRET,
      {
        pairId: 'sam-alex',
        partnerId: 'sam',
        checkInKey: 'CHK#2026-11-25T01:00:00Z#commitment:lunch-call',
        answer: 'kept',
      },
      clock.now,
    );
    expect((await handle(request('POST', `/c/${other}`))).status).toBe(404);
    const wrongPurpose = makeToken(SECRET, { ...payload, purpose: 'unsubscribe-email' });
    expect((await handle(request('POST', `/c/${wrongPurpose}`))).status).toBe(404);
    const signedElsewhere = checkInToken(
      'another-secret-entirely-0123456789',
      { pairId: 'sam-alex', partnerId: 'sam', checkInKey: payload.k, answer: 'kept' },
      clock.now,
    );
    expect((await handle(request('POST', `/c/${signedElsewhere}`))).status).toBe(404);
    clock.now += 48 * 3_600_000 + 1000;
    const expired = await handle(request('GET', links[0]!.path));
    expect(expired.status).toBe(410);
    expect(expired.body).toContain('This link has expired');
    expect(await statusOf()).toBe('open');
  });

  it('a link answered after the check-in closed (24 hours) changes nothing', async () => {
    const { handle, request, links, statusOf, clock } = await setup();
    clock.now += 25 * 3_600_000;
    const late = await handle(request('POST', links[0]!.path));
    expect(late.status).toBe(409);
    expect(late.body).toContain('This check-in has closed');
    expect(await statusOf()).toBe('open');
  });
});

describe('joining by the link in an emailed invitation', () => {
  it("GET shows a button; the POST records consent with its source and starts the invitee's schedules", async () => {
    const { joinRoutes } = await import('../../shared/http/join-routes.ts');
    const { getPartner } = await import('../../shared/store/partner-repository.ts');
    const store = await embedded.fresh();
    const plan = examplePlan();
    plan.partners[1] = alexInvitedByEmail('alex@example.com');
    await applyPlan(store, validPlan(plan), CHECKIN);
    const outbox = new OutboxChannel(store);
    const engine = new LocalEngine({
      store,
      channels: { sms: outbox, email: outbox },
      logger: silentLogger,
      now: () => CHECKIN,
      links: { secret: SECRET, publicUrl: PUBLIC },
    });
    await engine.runOnce();
    const invitation = (await listWholeOutbox(store)).find((m) => m.kind === 'consent-request')!;
    expect(invitation.body).not.toContain('Reply YES');
    const path = new URL(invitation.body.match(/Join: (\S+)/)![1]!).pathname;
    expect(invitation.html).toContain('>Join</a>');
    const handle = createRouter(
      joinRoutes({ store, queue: engine.queue, logger: silentLogger, linkSecret: SECRET, now: () => CHECKIN }),
      silentLogger,
    );
    const request = (method: string, p: string): HttpRequest => ({
      method,
      path: p,
      query: new URLSearchParams(),
      headers: {},
      body: '',
      sourceIp: '',
    });
    expect((await handle(request('GET', path))).body).toContain('<button type="submit">Join</button>');
    expect((await getPartner(store, 'sam-alex', 'alex'))?.consent).toBe('pending');
    expect((await handle(request('POST', `${path.slice(0, -2)}xx`))).status).toBe(404);
    expect((await handle(request('POST', path))).status).toBe(200);
    const alex = (await getPartner(store, 'sam-alex', 'alex'))!;
    expect(alex.consent).toBe('confirmed');
    expect(alex.consentLog.at(-1)).toMatchObject({ source: 'email-link', words: 'Join (invitation link)' });
    const { listSchedules } = await import('../../shared/store/schedule-repository.ts');
    expect(
      (await listSchedules(store, 'sam-alex'))
        .filter((s) => s.recipientId === 'alex' && s.kind !== 'consent-request')
        .every((s) => s.active),
    ).toBe(true);
  });
});

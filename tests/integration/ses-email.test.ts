import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SesEmailChannel } from '../../shared/channels/ses-email-channel.ts';
import { createRouter } from '../../shared/http/router.ts';
import { unsubscribeRoutes } from '../../shared/http/unsubscribe-routes.ts';
import { makeToken } from '../../shared/links/signed-token.ts';
import { unsubscribeToken, unsubscribeUrl } from '../../shared/links/unsubscribe.ts';
import type { OutboundMessage } from '../../shared/model/message.ts';
import { applyPlan } from '../../shared/plan/apply-plan.ts';
import { handleSesNotification } from '../../shared/replies/ses-notifications.ts';
import { isOptedOut } from '../../shared/store/consent-repository.ts';
import { getPartner } from '../../shared/store/partner-repository.ts';
import { silentLogger } from '../../shared/util/logger.ts';
import { reachableChannels } from '../../shared/delivery/send.ts';
import { alexInvitedByEmail, examplePlan, validPlan } from '../helpers/plans.ts';
import { startSesLocal } from '../helpers/ses-local.ts';
import { linkRequest } from '../helpers/email-links.ts';
import { useEmbeddedStore } from '../helpers/store.ts';

const SECRET = 'a-link-signing-secret-of-enough-length';
const NOW = Date.parse('2026-11-26T12:00:00Z');
const embedded = useEmbeddedStore();
let ses: Awaited<ReturnType<typeof startSesLocal>>;
beforeAll(async () => {
  ses = await startSesLocal();
});
afterAll(async () => {
  await ses.close();
  await embedded.stop();
});

const message = (overrides: Partial<OutboundMessage> = {}): OutboundMessage => ({
  id: 'sam-alex/2026-11-27T01:00:00Z#checkin:sam:2000/email',
  pairId: 'sam-alex',
  recipientId: 'sam',
  channel: 'email',
  to: 'sam@example.com',
  kind: 'checkin',
  body: 'Did you call Alex at lunch today? Reply Y or N',
  subject: 'Did you call Alex at lunch today?',
  dueAt: NOW,
  ...overrides,
});

const channel = () =>
  new SesEmailChannel({ from: 'kept@kept.example.com', region: 'us-east-1', endpoint: ses.url }, (m) =>
    unsubscribeUrl('https://kept.example.com', unsubscribeToken(SECRET, m.pairId, m.recipientId, NOW)),
  );

describe('the SES email channel against aws-ses-v2-local over HTTP', () => {
  it('sends a multipart email with one-click unsubscribe headers, read back from the local SES store', async () => {
    const to = 'sam+multipart@example.com';
    const result = await channel().send(message({ to }));
    expect(result.providerId).toBeTruthy();
    const [email] = await ses.emails(to);
    expect(email).toMatchObject({ from: 'kept@kept.example.com', subject: 'Did you call Alex at lunch today?' });
    expect(email!.body.text).toContain('Did you call Alex at lunch today? Reply Y or N');
    expect(email!.body.html).toContain('<table role="presentation"');
    expect(email!.body.html).not.toMatch(/<script|<img|https?:\/\/(?!kept\.example\.com)/);
    const headers = Object.fromEntries((email!.headers ?? []).map((h) => [h.name, h.value]));
    expect(headers['List-Unsubscribe']).toMatch(/^<https:\/\/kept\.example\.com\/u\/[\w-]+\.[\w-]+>$/);
    expect(headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
  });

  it('escapes HTML: a title of <script> or an & renders as text', async () => {
    const to = 'sam+escape@example.com';
    await channel().send(
      message({ to, body: 'Did you <script>alert(1)</script> & "friends" today?', subject: 'Tom & Jerry <b>' }),
    );
    const [email] = await ses.emails(to);
    expect(email!.body.html).toContain(
      'Did you &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;friends&quot; today?',
    );
    expect(email!.body.html).toContain('<title>Tom &amp; Jerry &lt;b&gt;</title>');
    expect(email!.body.html).not.toContain('<script>');
  });
});

describe('the unsubscribe link', () => {
  async function setup() {
    const store = await embedded.fresh();
    await applyPlan(store, validPlan(examplePlan()), NOW);
    const handle = createRouter(
      unsubscribeRoutes({ store, logger: silentLogger, linkSecret: SECRET, now: () => NOW }),
      silentLogger,
    );
    const request = linkRequest;
    return { store, handle, request };
  }

  it('GET only shows a button (mail scanners open links); the POST stops email, without signing in', async () => {
    const { store, handle, request } = await setup();
    const token = unsubscribeToken(SECRET, 'sam-alex', 'sam', NOW);
    const page = await handle(request('GET', `/u/${token}`));
    expect(page.status).toBe(200);
    expect(page.body).toContain('<form method="post"><button type="submit">Stop emails</button></form>');
    expect((await getPartner(store, 'sam-alex', 'sam'))?.emailUnsubscribed).toBeUndefined();
    const done = await handle(request('POST', `/u/${token}`, 'List-Unsubscribe=One-Click'));
    expect(done.status).toBe(200);
    const sam = (await getPartner(store, 'sam-alex', 'sam'))!;
    expect(sam.emailUnsubscribed).toBe(true);
    expect(sam.consentLog.at(-1)).toMatchObject({ source: 'email-link', words: 'unsubscribe' });
    expect(reachableChannels({ ...sam, channel: 'email' })).toEqual([]);
  });

  it('refuses a tampered token (404), an expired one (410) and one made for something else', async () => {
    const { store, handle, request } = await setup();
    const token = unsubscribeToken(SECRET, 'sam-alex', 'sam', NOW);
    const [body, signature] = token.split('.');
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(body!, 'base64url').toString()), r: 'alex' }),
    ).toString('base64url');
    expect((await handle(request('POST', `/u/${forged}.${signature}`))).status).toBe(404);
    const expired = unsubscribeToken(SECRET, 'sam-alex', 'sam', NOW - 401 * 86_400_000);
    expect((await handle(request('POST', `/u/${expired}`))).status).toBe(410);
    const otherPurpose = makeToken(SECRET, { purpose: 'checkin', p: 'sam-alex', r: 'sam', exp: NOW / 1000 + 3600 });
    expect((await handle(request('POST', `/u/${otherPurpose}`))).status).toBe(404);
    expect((await handle(request('GET', '/u/not-a-token'))).status).toBe(404);
    expect((await getPartner(store, 'sam-alex', 'alex'))?.emailUnsubscribed).toBeUndefined();
    expect((await getPartner(store, 'sam-alex', 'sam'))?.emailUnsubscribed).toBeUndefined();
  });
});

describe('SES bounce and complaint notifications', () => {
  const bounce = (type: string, address: string) =>
    JSON.stringify({
      notificationType: 'Bounce',
      bounce: { bounceType: type, bounceSubType: 'General', bouncedRecipients: [{ emailAddress: address }] },
      mail: { messageId: 'x' },
    });

  it('a hard bounce stops email to that address; a soft bounce is counted, not fatal', async () => {
    const store = await embedded.fresh();
    await applyPlan(store, validPlan(examplePlan()), NOW);
    expect(
      await handleSesNotification({ store, logger: silentLogger }, bounce('Transient', 'Sam@Example.com'), NOW),
    ).toEqual({ outcome: 'soft-bounce', addresses: 1 });
    let sam = (await getPartner(store, 'sam-alex', 'sam'))!;
    expect(sam.softBounces).toBe(1);
    expect(sam.emailUndeliverable).toBeUndefined();
    expect(
      await handleSesNotification({ store, logger: silentLogger }, bounce('Permanent', 'sam@example.com'), NOW),
    ).toEqual({ outcome: 'hard-bounce', addresses: 1 });
    sam = (await getPartner(store, 'sam-alex', 'sam'))!;
    expect(sam.emailUndeliverable).toBe(true);
    expect(reachableChannels({ ...sam, channel: 'email' })).toEqual([]);
  });

  it('a complaint stops email; malformed notifications are ignored, not thrown', async () => {
    const store = await embedded.fresh();
    await applyPlan(store, validPlan(examplePlan()), NOW);
    const complaint = JSON.stringify({
      notificationType: 'Complaint',
      complaint: { complainedRecipients: [{ emailAddress: 'sam@example.com' }] },
    });
    expect((await handleSesNotification({ store, logger: silentLogger }, complaint, NOW)).outcome).toBe('complaint');
    expect((await getPartner(store, 'sam-alex', 'sam'))?.emailUnsubscribed).toBe(true);
    // The address itself, as the unsubscribe link records it: a supporter role or a new pair
    // at it is refused too, and so is any +tag spelling of the mailbox.
    expect(await isOptedOut(store, 'sam@example.com')).toBe(true);
    const tagged = JSON.stringify({
      notificationType: 'Complaint',
      complaint: { complainedRecipients: [{ emailAddress: 'jo+news@example.org' }] },
    });
    await handleSesNotification({ store, logger: silentLogger }, tagged, NOW);
    expect(await isOptedOut(store, 'jo@example.org')).toBe(true);
    for (const junk of [
      'not json',
      '[]',
      '{"notificationType":"Bounce","bounce":{}}',
      '{"notificationType":"Delivery"}',
    ]) {
      expect((await handleSesNotification({ store, logger: silentLogger }, junk, NOW)).outcome).toBe('ignored');
    }
  });
});

describe('kept start with SES configured', () => {
  it('sends email through SES and says so at start', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { startServer } = await import('../../local/commands/start.ts');
    const { readLocalSettings } = await import('../../shared/config/local-settings.ts');
    const dir = mkdtempSync(join(tmpdir(), 'kept-ses-'));
    const lines: string[] = [];
    const server = await startServer(
      readLocalSettings({
        KEPT_DATA_DIR: dir,
        KEPT_PORT: '0',
        KEPT_EMAIL_FROM: 'kept@kept.example.com',
        AWS_ENDPOINT_URL_SES: ses.url,
      }),
      { info: (l) => lines.push(l), error: () => {} },
    );
    try {
      expect(lines.join('\n')).toMatch(/email -> SES \(from kept@kept\.example\.com/);
      expect(lines.join('\n')).toMatch(/sms +-> local outbox/);
      const { connectStore } = await import('../../local/embedded-store.ts');
      const store = await connectStore(server.storeEndpoint);
      const plan = examplePlan();
      plan.partners[1] = alexInvitedByEmail('alex+start@example.com');
      await applyPlan(store, validPlan(plan), Date.now());
      await server.engine.runOnce();
      const [email] = await ses.emails('alex+start@example.com');
      expect(email?.subject).toBe('Sam invited you to Kept');
    } finally {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { conversationLinkRoutes } from '../../shared/http/conversation-link-routes.ts';
import { createRouter } from '../../shared/http/router.ts';
import { conversationToken } from '../../shared/links/conversation-link.ts';
import { handleInboundSms } from '../../shared/replies/handle-reply.ts';
import { listAllConversations } from '../../shared/store/conversation-repository.ts';
import { listWholeOutbox } from '../../shared/store/message-repository.ts';
import { silentLogger } from '../../shared/util/logger.ts';
import { examplePlan } from '../helpers/plans.ts';
import { engineSendingLinks, linkRequest } from '../helpers/email-links.ts';
import { useEmbeddedStore } from '../helpers/store.ts';

const SECRET = 'conversation-link-secret-long-enough-12';
const PROMPT_AT = Date.parse('2026-12-03T00:00:00Z'); // Wednesday 19:00 New York
const embedded = useEmbeddedStore();
afterAll(() => embedded.stop());

/** Sam answers by email; Alex by text. The engine sends Wednesday's prompt. */
async function setup() {
  const store = await embedded.fresh();
  const plan = examplePlan();
  plan.partners[0]!.channel = 'email';
  plan.commitments = [];
  plan.rituals = [];
  plan.affirmations = [];
  plan.conversations = { repeat: 'FREQ=WEEKLY;BYDAY=WE', at: '19:00', timezone: 'America/New_York' };
  const { clock, engine } = await engineSendingLinks(store, plan, PROMPT_AT, SECRET);
  const handle = createRouter(
    conversationLinkRoutes({
      store,
      queue: engine.queue,
      linkSecret: SECRET,
      logger: silentLogger,
      now: () => clock.now,
      afterAnswer: () => engine.drain().then(() => undefined),
    }),
    silentLogger,
  );
  const request = linkRequest;
  const outboxNow = () => listWholeOutbox(store);
  const email = (await outboxNow()).find((m) => m.kind === 'conversation-prompt' && m.channel === 'email')!;
  const path = new URL(email.body.match(/https:\/\/\S+/)![0]).pathname;
  const alexTexts = (body: string, at: number) =>
    handleInboundSms(
      { store, queue: engine.queue, logger: silentLogger, supportContact: 'help@kept.example' },
      { from: '+447700900123', body, messageId: `in-${at}`, receivedAt: at },
    ).then(() => engine.drain());
  return { store, clock, handle, request, email, path, outboxNow, alexTexts };
}

describe('answering a conversation prompt by email', () => {
  it('the email carries the prompt and a signed link (and HTML with an Answer button)', async () => {
    const { email, path } = await setup();
    expect(email.subject).toBe('A question for you both');
    expect(email.body).toContain('What is one small thing I did this week that you liked?');
    expect(path).toMatch(/^\/a\/[\w-]+\.[\w-]+$/);
    expect(email.html).toContain('>Answer</a>');
  });

  it('GET only shows the form (a scanner opening it records nothing); the POST records, and both see both', async () => {
    const { handle, request, path, store, outboxNow, alexTexts, clock } = await setup();
    const page = await handle(request('GET', path));
    expect(page.status).toBe(200);
    expect(page.body).toContain('<textarea id="answer" name="answer"');
    expect((await listAllConversations(store, 'sam-alex'))[0]!.answers).toEqual({});
    const saved = await handle(request('POST', path, 'answer=The+coffee+you+made+me+%E2%98%95'));
    expect(saved.status).toBe(200);
    expect(saved.body).toContain('stays private until Alex answers too');
    expect((await outboxNow()).filter((m) => m.kind === 'conversation-reveal')).toEqual([]);
    // A second post does not replace the first answer.
    expect((await handle(request('POST', path, 'answer=Something+else'))).status).toBe(409);
    clock.now += 3_600_000;
    await alexTexts('Your text at lunch', clock.now);
    const reveals = (await outboxNow())
      .filter((m) => m.kind === 'conversation-reveal')
      .sort((a, b) => a.channel.localeCompare(b.channel));
    expect(reveals.map((m) => [m.channel, m.to])).toEqual([
      ['email', 'sam@example.com'],
      ['sms', '+447700900123'],
    ]);
    expect(reveals[1]!.body).toContain('Sam wrote: The coffee you made me');
    expect(reveals[0]!.body).toContain('Alex wrote: Your text at lunch');
  });

  it('refuses an empty answer, a token for another partner made elsewhere, and a closed question (410)', async () => {
    const { handle, request, path, clock } = await setup();
    expect((await handle(request('POST', path, 'answer=+'))).status).toBe(400);
    const forged = conversationToken('another-secret-entirely-0123456789', {
      pairId: 'sam-alex',
      partnerId: 'alex',
      conversationKey: 'CONV#2026-12-03T00:00:00Z',
      closesAt: clock.now + 3_600_000,
    });
    expect((await handle(request('POST', `/a/${forged}`, 'answer=hi'))).status).toBe(404);
    clock.now += 48 * 3_600_000 + 1000;
    expect((await handle(request('GET', path))).status).toBe(410);
    expect((await handle(request('POST', path, 'answer=late'))).status).toBe(410);
  });
});

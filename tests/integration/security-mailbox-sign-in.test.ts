import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes } from '../../shared/api/api-routes.ts';
import { OutboxChannel } from '../../shared/channels/outbox-channel.ts';
import { TwilioSmsChannel } from '../../shared/channels/twilio-sms-channel.ts';
import { setOptOut } from '../../shared/consent/opt-out.ts';
import { InProcessQueue } from '../../shared/delivery/queue.ts';
import { createRouter } from '../../shared/http/router.ts';
import { applyPlan } from '../../shared/plan/apply-plan.ts';
import { listWholeOutbox } from '../../shared/store/message-repository.ts';
import type { Store } from '../../shared/store/store.ts';
import { silentLogger } from '../../shared/util/logger.ts';
import { eveAndInvitee, validPlan } from '../helpers/plans.ts';
import { useEmbeddedStore } from '../helpers/store.ts';
import { startTwilioFake } from '../helpers/twilio-fake.ts';

// Sign-in codes go only to addresses that have not unsubscribed. An ex's pair naming a +tag of
// someone's mailbox must not let anyone mail that inbox codes after they unsubscribed.
const SID = 'AC00000000000000000000000000000000';
const TOKEN = 'twilio-test-token';
const embedded = useEmbeddedStore();
const clock = { now: Date.parse('2026-11-24T15:00:00Z') };
let store: Store;
let twilio: Awaited<ReturnType<typeof startTwilioFake>>;

beforeAll(async () => {
  store = await embedded.fresh();
  twilio = await startTwilioFake(SID, TOKEN);
});
afterAll(async () => {
  await twilio.close();
  await embedded.stop();
});

describe('sign-in codes and a mailbox that unsubscribed', () => {
  it('go to no +tag spelling of it, even one a pair already held before the unsubscribe', async () => {
    const plan = eveAndInvitee('eve-jo', '+15555550951', { id: 'jo', name: 'Jo', email: 'jo+x@example.com' });
    await applyPlan(store, validPlan(plan), clock.now);
    await setOptOut(store, 'jo@example.com', true, {
      at: new Date(clock.now).toISOString(),
      status: 'confirmed',
      source: 'email-link',
      words: 'unsubscribe',
    });
    const sms = new TwilioSmsChannel({ accountSid: SID, authToken: TOKEN, apiUrl: twilio.url, from: '+15550001111' });
    const handle = createRouter(
      apiRoutes({
        store,
        queue: new InProcessQueue(() => clock.now),
        logger: silentLogger,
        secret: 'sessions-test-secret-0123456789abcdef',
        publicUrl: 'https://kept.example.com',
        channels: { sms, email: new OutboxChannel(store) },
        supportContact: 'x',
        now: () => clock.now,
      }),
      silentLogger,
    );
    const response = await handle({
      method: 'POST',
      path: '/api/auth/start',
      query: new URLSearchParams(),
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'jo+x@example.com' }),
      sourceIp: '10.1.0.7',
    });
    expect(response.status).toBe(202);
    expect((await listWholeOutbox(store)).filter((m) => m.to.includes('jo'))).toEqual([]);
  });
});

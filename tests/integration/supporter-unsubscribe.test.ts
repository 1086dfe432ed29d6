import { afterAll, describe, expect, it } from 'vitest';
import { isOptedOut } from '../../shared/consent/opt-out.ts';
import { unsubscribeRoutes } from '../../shared/http/unsubscribe-routes.ts';
import { createRouter } from '../../shared/http/router.ts';
import { unsubscribeToken } from '../../shared/links/unsubscribe.ts';
import type { PlanInput } from '../../shared/model/plan.ts';
import { supporterRecipientId } from '../../shared/supporters/supporter-recipient.ts';
import { silentLogger } from '../../shared/util/logger.ts';
import { ALEX, couple } from '../helpers/couple.ts';
import { examplePlan } from '../helpers/plans.ts';
import { useEmbeddedStore } from '../helpers/store.ts';

// A supporter's "stop emails" must hold even when the link is clicked after the partners removed
// them: otherwise the page says "Done" and a later invitation (under a new id) mails them again.
const embedded = useEmbeddedStore();
afterAll(() => embedded.stop());
const SECRET = 'test-link-secret-0123456789abcdef';
const LEE = 'Lee@Example.org';
const withLee = (): PlanInput => ({
  ...examplePlan(),
  supporters: [{ id: 'dr-lee', name: 'Dr. Lee', email: LEE, consent: 'confirmed' }],
});

describe("a supporter's unsubscribe link", () => {
  it('clicked after a partner removed them (SUPPORTER OFF), it still stops email to their address', async () => {
    const store = await embedded.fresh();
    const kept = await couple(store, { plan: withLee(), apply: { planConsent: 'honour' } });
    await kept.at('2026-11-29T23:00:00Z'); // Lee's first weekly email, with its link
    expect((await kept.messages()).filter((m) => m.to === LEE).map((m) => m.kind)).toEqual(['supporter-summary']);
    expect((await kept.text(ALEX, 'SUPPORTER OFF')).outcome).toBe('supporter-off');

    const handle = createRouter(
      unsubscribeRoutes({ store, logger: silentLogger, linkSecret: SECRET, now: () => kept.clock.now }),
      silentLogger,
    );
    const token = unsubscribeToken(SECRET, 'sam-alex', supporterRecipientId('dr-lee'), kept.clock.now);
    const response = await handle({
      method: 'POST',
      path: `/u/${token}`,
      query: new URLSearchParams(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
      sourceIp: '198.51.100.9',
    });
    expect(response.status).toBe(200);
    expect(response.body).toContain('Done: no more emails');
    expect(await isOptedOut(store, LEE)).toBe(true);
  });
});

import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { parseReplies, simulate } from '../../local/simulate.ts';
import { parsePlanText } from '../../shared/model/validate-plan.ts';
import { startSession } from '../../shared/auth/session.ts';
import { putConsentRecord } from '../../shared/store/account-repository.ts';
import { hitRateLimit, saveSignInCode } from '../../shared/store/auth-repository.ts';
import { checkStoredItem } from '../../shared/store/entities/registry.ts';
import { logMessage, updateMessageStatus } from '../../shared/store/message-repository.ts';
import { useEmbeddedStore } from '../helpers/store.ts';
import { scanTable } from '../helpers/table-snapshot.ts';

const embedded = useEmbeddedStore();
afterAll(() => embedded.stop());

const read = (path: string) => readFileSync(new URL(`../../examples/${path}`, import.meta.url), 'utf8');

/** Runs an example with its scripted replies and returns every item the run left in the table. */
async function itemsAfter(example: string, from: string, until: string) {
  const plan = parsePlanText('plan.json', read(`${example}/plan.json`));
  const replies = parseReplies(JSON.parse(read(`${example}/replies.json`)));
  if (!plan.ok || !replies.ok) throw new Error(`${example} does not validate`);
  let items: Array<Record<string, unknown>> = [];
  await simulate(plan.plan, {
    from: Date.parse(from),
    until: Date.parse(until),
    replies: replies.replies,
    beforeClose: async (store) => {
      items = await scanTable(store);
    },
  });
  return items;
}

describe('every item the real code writes matches its entity declaration', () => {
  it.each([
    ['practices', '2026-11-30T05:00:00Z', '2026-12-28T05:00:00Z'],
    ['reminders-goals', '2026-11-23T05:00:00Z', '2026-12-07T05:00:00Z'],
  ])('examples/%s with its replies', async (example, from, until) => {
    const items = await itemsAfter(example, from, until);
    const entities = new Set(items.map((item) => item.entity));
    // The run wrote the pipeline's and the replies' entities, not just a plan.
    for (const entity of [
      'Pair',
      'Partner',
      'Definition',
      'Schedule',
      'Delivery',
      'OutboxEntry',
      'CheckIn',
      'InboundMessage',
    ])
      expect(entities).toContain(entity);
    expect(refusedOf(items)).toEqual([]);
  });

  it('sign-in codes, rate-limit windows, sessions, erasure consent records and provider pointers', async () => {
    const store = await embedded.fresh();
    const now = Date.parse('2026-11-30T09:00:00Z');
    await saveSignInCode(store, '+15555550101', { codeHash: 'h', validUntil: now + 600_000, attempts: 0 });
    await hitRateLimit(store, 'sign-in:+15555550101', 5, 3_600_000, now);
    await startSession(store, '+15555550101', now);
    await putConsentRecord(
      store,
      '+15555550101',
      [{ at: new Date(now).toISOString(), status: 'confirmed', source: 'sms' }],
      now,
      4,
    );
    const message = {
      id: 'p1/DLV#x/sms',
      pairId: 'p1',
      recipientId: 'sam',
      channel: 'sms' as const,
      to: '+15555550101',
      kind: 'checkin' as const,
      body: 'Did you call?',
      dueAt: now,
      sentAt: new Date(now).toISOString(),
      transport: 'twilio',
      providerId: 'SM123',
    };
    await logMessage(store, message);
    await updateMessageStatus(store, 'SM123', 'delivered', undefined, now + 5_000);
    const items = await scanTable(store);
    expect(new Set(items.map((item) => item.entity))).toEqual(
      new Set(['SignInCode', 'RateLimitWindow', 'Session', 'ConsentRecord', 'Message', 'ProviderPointer']),
    );
    expect(refusedOf(items)).toEqual([]);
  });
});

/** What the declarations refuse among these items, as their messages. */
function refusedOf(items: Array<Record<string, unknown>>): string[] {
  return items.flatMap((item) => {
    try {
      checkStoredItem(item);
      return [];
    } catch (error) {
      return [(error as Error).message];
    }
  });
}

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isGsm7 } from '../../shared/messages/gsm7.ts';
import { setOptOut } from '../../shared/consent/opt-out.ts';
import { applyPlan } from '../../shared/plan/apply-plan.ts';
import { listSchedules } from '../../shared/store/schedule-repository.ts';
import { supporterRecipient } from '../../shared/supporters/supporter-recipient.ts';
import { useEmbeddedStore } from '../helpers/store.ts';
import { simulate } from '../../local/simulate.ts';
import { parseReply } from '../../shared/replies/parse-reply.ts';
import type { PlanInput } from '../../shared/model/plan.ts';
import { examplePlan, validPlan } from '../helpers/plans.ts';

const from = Date.parse('2026-11-30T05:00:00Z');
const until = Date.parse('2026-12-08T05:00:00Z');
const LOCAL = { planConsentHonoured: true };
const planWith = (consent: 'pending' | 'confirmed', share: 'kept-only' | 'all' = 'kept-only'): PlanInput => ({
  ...examplePlan(),
  pair: { ...examplePlan().pair, share },
  supporters: [{ id: 'dr-lee', name: 'Dr. Lee', email: 'lee@example.org', consent }],
});

describe('a supporter', () => {
  it("kept simulate shows the agreement: each partner's supporter-request and, after both YES, the supporter-confirm, with bodies", async () => {
    const read = (name: string) => JSON.parse(readFileSync(`examples/practices/${name}`, 'utf8'));
    const lines = await simulate(validPlan(read('supporter-request.json')), {
      from,
      until: Date.parse('2026-12-01T05:00:00Z'),
      replies: read('supporter-replies.json'),
    });
    const agreement = lines.filter((m) => m.kind.startsWith('supporter-'));
    expect(agreement.map((m) => [m.kind, m.channel, m.to])).toEqual([
      ['supporter-request', 'sms', '+447700900123'],
      ['supporter-request', 'email', 'alex@example.com'],
      ['supporter-request', 'sms', '+15555550101'],
      ['supporter-confirm', 'email', 'lee@example.org'],
    ]);
    for (const message of agreement) expect(message.body.length).toBeGreaterThan(100);
    for (const message of agreement.filter((m) => m.channel === 'sms')) expect(isGsm7(message.body)).toBe(true);
  });

  it('gets nothing while agreement is pending (no mail without consent)', async () => {
    const lines = await simulate(validPlan(planWith('pending')), { from, until });
    expect(lines.filter((m) => m.to === 'lee@example.org')).toEqual([]);
  });

  it('once confirmed, gets one summary a week by email, kept counts only even when the pair shares all', async () => {
    const lines = await simulate(validPlan(planWith('confirmed', 'all')), {
      from,
      until,
      replies: [
        { at: '2026-11-30T01:10:00Z', from: '+15555550101', body: 'N' },
        { at: '2026-12-02T01:10:00Z', from: '+15555550101', body: 'Y' },
      ],
    });
    const toLee = lines.filter((m) => m.to === 'lee@example.org');
    expect(toLee.map((m) => [m.kind, m.channel, m.at])).toEqual([
      ['supporter-summary', 'email', '2026-12-06T23:00:00.000Z'],
    ]);
    expect(toLee[0]!.body).toContain('- Sam: Call Alex at lunch: kept 1');
    expect(toLee[0]!.body).not.toMatch(/miss|unanswered|streak|strength|of 5/i);
  });

  it('SUPPORTER OFF by text removes the supporter at once and tells the other partner', async () => {
    const plan = validPlan({
      ...planWith('confirmed'),
      conversations: { repeat: 'FREQ=WEEKLY;BYDAY=WE', at: '19:00', timezone: 'America/New_York' },
    });
    const lines = await simulate(plan, {
      from,
      until: Date.parse('2026-12-15T05:00:00Z'),
      // Sent while a conversation prompt is open: still the command, not an answer.
      replies: [{ at: '2026-12-10T09:00:00Z', from: '+447700900123', body: 'Supporter off' }],
    });
    expect(lines.filter((m) => m.to === 'lee@example.org').map((m) => m.at)).toEqual(['2026-12-06T23:00:00.000Z']);
    const toAlex = lines.filter((m) => m.to === '+447700900123' && m.kind === 'reply').map((m) => m.body);
    expect(toAlex).toContain('Done: Dr. Lee will get no more weekly summaries. Sam has been told.');
    const toSam = lines.filter((m) => m.kind === 'supporter-removed');
    expect(toSam.map((m) => [m.to, m.body])).toEqual([
      ['+15555550101', 'Alex removed Dr. Lee as your supporter. They will get no more weekly summaries from Kept.'],
    ]);
  });

  it('reads SUPPORTER OFF in any case and spacing, and nothing longer', () => {
    for (const text of ['SUPPORTER OFF', 'supporter off', ' Supporters  off. '])
      expect(parseReply(text).type).toBe('supporter-off');
    expect(parseReply('supporter off for now please').type).not.toBe('supporter-off');
  });

  it("honours the unsubscribe link: the supporter's address, once opted out, is not emailed", async () => {
    const embedded = useEmbeddedStore();
    try {
      const store = await embedded.fresh();
      await applyPlan(store, validPlan(planWith('confirmed')), from, { planConsent: 'honour' });
      expect((await supporterRecipient(store, 'sam-alex', 'supporter:dr-lee', LOCAL))?.emailUnsubscribed).toBe(false);
      await setOptOut(store, 'lee@example.org', true, {
        at: new Date(from).toISOString(),
        status: 'confirmed',
        source: 'email-link',
      } as never);
      expect((await supporterRecipient(store, 'sam-alex', 'supporter:dr-lee', LOCAL))?.emailUnsubscribed).toBe(true);
      expect(await supporterRecipient(store, 'sam-alex', 'sam', LOCAL)).toBeNull();
    } finally {
      await embedded.stop();
    }
  });

  it('with a real provider, "consent": "confirmed" in the file does not confirm a supporter', async () => {
    const embedded = useEmbeddedStore();
    try {
      const store = await embedded.fresh();
      await applyPlan(store, validPlan(planWith('confirmed')), from, { planConsent: 'ask' });
      const schedule = (await listSchedules(store, 'sam-alex')).find((s) => s.kind === 'supporter-summary');
      expect(schedule?.active).toBe(false);
    } finally {
      await embedded.stop();
    }
  });
});

import { describe, expect, it } from 'vitest';
import { simulate } from '../../local/simulate.ts';
import { pulseQuestion } from '../../shared/practices/pulse.ts';
import { isGsm7 } from '../../shared/messages/gsm7.ts';
import type { PlanInput } from '../../shared/model/plan.ts';
import { ALEX, SAM } from '../helpers/couple.ts';
import { examplePlan, validPlan } from '../helpers/plans.ts';
import { ofKind as of, textAt as text } from '../helpers/simulated.ts';

const from = Date.parse('2026-11-30T05:00:00Z');
const until = Date.parse('2026-12-07T05:00:00Z');

function plan(alexShares = false): PlanInput {
  const p = { ...examplePlan(), rituals: [], affirmations: [], pulse: { day: 'SU' as const, at: '17:00' } };
  p.partners = p.partners.map((partner) =>
    partner.id === 'alex' && alexShares ? { ...partner, sharePulse: true } : partner,
  );
  return p;
}

// Sunday 17:00 in each partner's zone: London 17:00 UTC, New York 22:00 UTC.
const answers = [text('2026-12-06T17:20:00Z', ALEX, '8'), text('2026-12-06T22:10:00Z', SAM, '6')];

describe('the weekly pulse', () => {
  it('asks each partner in their own zone; the number is theirs: in their own summary, never to the other', async () => {
    const lines = await simulate(validPlan(plan()), { from, until, replies: answers });
    expect(of(lines, 'pulse-question').map((m) => [m.to, m.at, m.body])).toEqual([
      [ALEX, '2026-12-06T17:00:00.000Z', pulseQuestion('Sam', false).body],
      [SAM, '2026-12-06T22:00:00.000Z', pulseQuestion('Alex', false).body],
    ]);
    expect(of(lines, 'reply', ALEX)[0]!.body).toBe('Noted: 8. It shows in your own weekly summary as a trend.');
    expect(of(lines, 'summary', ALEX)[0]!.body).toContain('Your pulse: 8.');
    // Sam's summary (email, Sunday 18:00 New York) does not carry Alex's private 8.
    const samSummary = of(lines, 'summary', 'sam@example.com')[0]!;
    expect(samSummary.body).toContain('Your pulse (how close and safe you felt, 0-10, only you see it): 6');
    expect(samSummary.body).not.toMatch(/Alex's pulse|: 8\b/);
    expect(lines.filter((m) => m.to !== ALEX).some((m) => /pulse[^?]*8/i.test(m.body))).toBe(false);
  });

  it('shows a shared pulse in the other partner\'s summary ("sharePulse": true)', async () => {
    const lines = await simulate(validPlan(plan(true)), { from, until, replies: answers.slice(0, 1) });
    expect(of(lines, 'summary', 'sam@example.com')[0]!.body).toContain("Alex's pulse, shared with you: 8");
  });

  it('a question held back by PAUSE is not open: a number the next day is no pulse answer', async () => {
    const lines = await simulate(validPlan(plan()), {
      from,
      until,
      replies: [text('2026-12-05T12:00:00Z', ALEX, 'PAUSE 3'), text('2026-12-06T18:00:00Z', ALEX, '7')],
    });
    expect(of(lines, 'pulse-question', ALEX)).toEqual([]);
    const replies = of(lines, 'reply', ALEX).map((m) => m.body);
    expect(replies).toHaveLength(2);
    expect(replies.join(' ')).not.toMatch(/Noted/);
    expect(
      of(lines, 'summary', ALEX)
        .map((m) => m.body)
        .join(' '),
    ).not.toMatch(/pulse/i);
  });

  it('takes only 0-10, and only while the question is open (48 hours)', async () => {
    const lines = await simulate(validPlan(plan()), {
      from,
      until: Date.parse('2026-12-09T05:00:00Z'),
      replies: [text('2026-12-06T17:10:00Z', ALEX, '11'), text('2026-12-08T17:10:00Z', ALEX, '7')],
    });
    expect(
      of(lines, 'reply', ALEX)
        .map((m) => m.body)
        .join(' '),
    ).not.toMatch(/Noted/);
  });

  it('the question is one GSM-7 segment even with a 40-character name, shared or private', () => {
    for (const shared of [false, true]) {
      const body = pulseQuestion('A'.repeat(40), shared).body;
      expect(isGsm7(body)).toBe(true);
      expect(body.length).toBeLessThanOrEqual(160);
    }
  });
});

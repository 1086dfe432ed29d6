import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulate, type SimulatedMessage } from '../../local/simulate.ts';
import { examplePlan, validPlan } from '../helpers/plans.ts';

const from = Date.parse('2026-11-23T05:00:00Z'); // Monday 00:00 New York
const until = Date.parse('2026-12-07T05:00:00Z'); // two weeks

const identity = (m: SimulatedMessage) => `${m.kind}|${m.to}|${m.body}`;

describe('kept simulate', () => {
  it("produces two weeks of a couple's messages at the right instants, the same every run", async () => {
    const plan = validPlan(examplePlan());
    const first = await simulate(plan, { from, until });
    const second = await simulate(plan, { from, until });
    expect(second).toEqual(first);
    const count = (kind: string) => first.filter((m) => m.kind === kind).length;
    expect(count('checkin')).toBe(10); // weekdays, two weeks
    expect(count('ritual-reminder')).toBe(8); // Tue/Thu x 2 partners x 2 weeks
    expect(count('affirmation')).toBe(14);
    expect(first.find((m) => m.kind === 'checkin')).toEqual({
      at: '2026-11-24T01:00:00.000Z',
      channel: 'sms',
      to: '+15555550101',
      kind: 'checkin',
      body: 'Did you call Alex at lunch today? Reply Y or N',
    });
    for (const line of first)
      expect(Object.keys(line).sort()).toEqual(
        line.channel === 'email'
          ? ['at', 'body', 'channel', 'kind', 'subject', 'to']
          : ['at', 'body', 'channel', 'kind', 'to'],
      );
    expect(count('summary')).toBe(4); // two Sundays, two partners
  });

  it('under injected faults delivers exactly the fault-free set, each at most 5 minutes late, for several seeds', async () => {
    const plan = validPlan(examplePlan());
    const replies = JSON.parse(readFileSync(new URL('../../examples/replies.json', import.meta.url), 'utf8'));
    const clean = await simulate(plan, { from, until, replies });
    expect(clean.filter((m) => m.kind === 'kept-notice')).toHaveLength(1);
    expect(clean.filter((m) => m.kind === 'thanks-notice')).toHaveLength(1);
    for (const seed of [1, 7, 42, 1234]) {
      const faulty = await simulate(plan, { from, until, replies, faults: { rate: 0.2, seed } });
      expect(faulty.map(identity).sort(), `seed ${seed}`).toEqual(clean.map(identity).sort());
      for (const message of faulty) {
        const matching = clean.filter((c) => identity(c) === identity(message)).map((c) => Date.parse(c.at));
        const lateness = Math.min(...matching.map((t) => Date.parse(message.at) - t).filter((d) => d >= 0));
        expect(lateness, `seed ${seed}: ${message.kind} at ${message.at}`).toBeLessThanOrEqual(5 * 60_000);
      }
      // Same seed, same faults, same output.
      expect(
        await simulate(plan, { from, until, replies, faults: { rate: 0.2, seed } }),
        `seed ${seed} repeat`,
      ).toEqual(faulty);
    }
    // Nine simulated fortnights; on a shared 2-core machine under load this passes a minute.
  }, 240_000);

  it('handles DST: the 08:00 affirmation stays at 08:00 New York across the November change', async () => {
    const lines = await simulate(validPlan(examplePlan()), {
      from: Date.parse('2026-10-30T00:00:00Z'),
      until: Date.parse('2026-11-03T00:00:00Z'),
    });
    const affirmations = lines.filter((m) => m.kind === 'affirmation').map((m) => m.at.slice(0, 16));
    expect(affirmations).toEqual(['2026-10-30T12:00', '2026-10-31T12:00', '2026-11-01T13:00', '2026-11-02T13:00']);
  });
});

describe('kept simulate: a whole week with replies, to the weekly summary', () => {
  it("sends each partner a summary whose text carries the week's counts", async () => {
    const replies = JSON.parse(readFileSync(new URL('../../examples/replies.json', import.meta.url), 'utf8'));
    const lines = await simulate(validPlan(examplePlan()), {
      from,
      until: Date.parse('2026-11-30T05:00:00Z'),
      replies,
    });
    const summaries = lines.filter((m) => m.kind === 'summary');
    expect(summaries.map((m) => [m.to, m.channel, m.at])).toEqual([
      ['+447700900123', 'sms', '2026-11-29T18:00:00.000Z'], // Sunday 18:00 London
      ['sam@example.com', 'email', '2026-11-29T23:00:00.000Z'], // Sunday 18:00 New York
    ]);
    const sam = summaries[1]!;
    expect(sam.subject).toBe('Your week: 2 promises kept (Nov 22 - Nov 29)');
    // The window runs from last Sunday's summary (Nov 22 18:00) to this one.
    // Mon kept, Tue missed, Wed never answered, Thu and Fri paused (PAUSE 2 on Wednesday evening).
    expect(sam.body).toContain(
      'Call Alex at lunch: kept 1 of 5 (missed 1, unanswered 1, paused 2) - streak 0 (best 1)',
    );
    expect(sam.body).toContain('Night walk together: done 1 of 2');
    expect(sam.body).toContain('Alex thanked you once for what you kept.');
    expect(summaries[0]!.body).toBe('Kept week: Night walk together 1/2. Sam kept 1.');
  });
});

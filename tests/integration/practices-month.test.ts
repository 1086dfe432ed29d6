import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseReplies, simulate, type SimulatedMessage } from '../../local/simulate.ts';
import { parsePlanText } from '../../shared/model/validate-plan.ts';

const SAM = '+15555550101';
const ALEX = '+447700900123';
const read = (file: string) => readFileSync(new URL(`../../examples/practices/${file}`, import.meta.url), 'utf8');

/** The scripted month in examples/practices (README: "Conversations revealed together" and after). */
async function month(): Promise<{ lines: SimulatedMessage[]; replies: Array<{ at: string; from: string }> }> {
  const plan = parsePlanText('plan.json', read('plan.json'));
  const replies = parseReplies(JSON.parse(read('replies.json')));
  if (!plan.ok || !replies.ok) throw new Error('the example does not validate');
  const lines = await simulate(plan.plan, {
    from: Date.parse('2026-11-30T05:00:00Z'),
    until: Date.parse('2026-12-28T05:00:00Z'),
    replies: replies.replies,
  });
  return { lines, replies: replies.replies };
}

describe('a scripted month of the practices (examples/practices)', async () => {
  const { lines, replies } = await month();
  const of = (kind: string, to?: string) => lines.filter((m) => m.kind === kind && (!to || m.to === to));

  it('prompts both partners with the same prompt, and never repeats one', () => {
    const prompts = of('conversation-prompt');
    const byTime = new Map<string, SimulatedMessage[]>();
    for (const m of prompts) byTime.set(m.at, [...(byTime.get(m.at) ?? []), m]);
    expect(byTime.size).toBe(8); // Wednesdays and Sundays for four weeks
    for (const [at, pair] of byTime) {
      expect(pair.map((m) => m.to).sort(), at).toEqual([SAM, ALEX].sort());
      expect(new Set(pair.map((m) => m.body)).size, at).toBe(1);
    }
    const bodies = [...byTime.values()].map((pair) => pair[0]!.body);
    expect(new Set(bodies).size).toBe(bodies.length);
  });

  it('reveals only after both answered, and nothing when one is silent', () => {
    const reveals = of('conversation-reveal');
    // Three conversations both answered (Dec 2, 9, 16), each revealed to both partners.
    expect(reveals).toHaveLength(6);
    for (const reveal of reveals) {
      const prompt = reveal.body.match(/^You both answered "(.*?)"/)![1]!;
      const askedAt = of('conversation-prompt').find((m) => m.body.includes(prompt))!.at;
      const answers = replies.filter((r) => r.at > askedAt && Date.parse(r.at) <= Date.parse(reveal.at));
      expect(new Set(answers.map((r) => r.from)), reveal.body).toEqual(new Set([SAM, ALEX]));
    }
    // Sam alone answered Sunday Dec 6's prompt: Alex never sees those words, and nobody is nudged.
    expect(lines.some((m) => m.to === ALEX && m.body.includes('coffee on the porch'))).toBe(false);
    expect(
      of('conversation-reveal').some((m) => m.body.includes('What was the best ten minutes of your day today?')),
    ).toBe(false);
  });

  it('sends the repair note, and Sam\'s summary shows "owned 1"', () => {
    expect(of('repair-note', ALEX).map((m) => m.body)).toEqual([
      "Sam owned a missed promise (Call Alex at lunch): I let a meeting run over and didn't call. Tomorrow I'm blocking 12:30 in my calendar. Reply THANKS to let them know you heard.",
    ]);
    expect(of('summary', 'sam@example.com')[0]!.body).toMatch(
      /Call Alex at lunch: kept 0 of 5 \(missed 1, .*owned 1\)/,
    );
  });

  it("keeps each pulse with its rater, shows Alex's shared one to Sam, and never Sam's to Alex", () => {
    expect(of('summary', 'sam@example.com')[0]!.body).toContain("Alex's pulse, shared with you: 8");
    expect(of('summary', 'sam@example.com')[1]!.body).toMatch(/Your pulse \(.*\): 7 \(the weeks before: 6\)/);
    const toAlex = lines.filter((m) => m.to === ALEX).map((m) => m.body);
    expect(toAlex.some((body) => /pulse[^?]*\b[67]\b/i.test(body))).toBe(false);
  });

  it("sends Dr. Lee a weekly supporter summary with kept counts only: no miss, no answer's words, no private pulse", () => {
    const summaries = of('supporter-summary', 'lee@example.org');
    // Sunday 18:00 New York (the pair's summary time, in the first partner's zone), four weeks.
    expect(summaries.map((m) => m.at)).toEqual([
      '2026-12-06T23:00:00.000Z',
      '2026-12-13T23:00:00.000Z',
      '2026-12-20T23:00:00.000Z',
      '2026-12-27T23:00:00.000Z',
    ]);
    // Sam kept nothing that week: no "kept 0" (next to a known schedule it would tell a miss).
    expect(summaries[0]!.body).toContain('- Sam: none kept to show this week');
    for (const { body } of summaries) expect(body).not.toMatch(/kept 0/);
    expect(summaries.map((m) => m.body.match(/Conversations both answered: (\d)/)![1])).toEqual(['1', '1', '1', '0']);
    const answers = replies.map((r) => (r as { body?: string }).body ?? '').filter((b) => b.length > 12);
    for (const { body } of summaries) {
      expect(body).not.toMatch(/miss|unanswered|owned|streak|strength|score|of 5/i);
      expect(body).not.toMatch(/Sam's (latest )?pulse/); // Sam keeps theirs private
      for (const answer of answers) expect(body).not.toContain(answer);
    }
  });

  it('never tells Alex about a miss except through the repair note Sam chose to send', () => {
    const toAlex = lines.filter((m) => m.to === ALEX && m.kind !== 'repair-note');
    expect(toAlex.some((m) => /miss|unanswered/i.test(m.body))).toBe(false);
  });
});

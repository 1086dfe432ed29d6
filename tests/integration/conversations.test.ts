import { describe, expect, it } from 'vitest';
import { simulate, type SimulatedReply } from '../../local/simulate.ts';
import { KEPT_DECK } from '../../shared/conversations/deck.ts';
import type { PlanInput } from '../../shared/model/plan.ts';
import { ALEX, SAM } from '../helpers/couple.ts';
import { examplePlan, validPlan } from '../helpers/plans.ts';
import { ofKind as of, textAt as text } from '../helpers/simulated.ts';

const from = Date.parse('2026-11-30T05:00:00Z'); // Monday 00:00 New York

/** The README's couple without the ritual, so that only Sam's weekday check-in can be open. */
function planWith(conversations: PlanInput['conversations']): PlanInput {
  return { ...examplePlan(), rituals: [], conversations };
}

const weekly = { repeat: 'FREQ=WEEKLY;BYDAY=WE,SU', at: '19:00', timezone: 'America/New_York' };
/** The couple with the weekly conversation, simulated from `start` until `until` with these texts. */
const weeklyTalk = (start: number, until: string, replies: SimulatedReply[]) =>
  simulate(validPlan(planWith(weekly)), { from: start, until: Date.parse(until), replies });

describe('conversations revealed together', () => {
  it('prompts both partners with the same prompt, and reveals only once both have answered', async () => {
    const lines = await weeklyTalk(from, '2026-12-04T05:00:00Z', [
      // Wednesday 19:00 New York is 00:00 UTC Thursday.
      text('2026-12-03T00:30:00Z', SAM, 'You made me coffee before my early shift.'),
      text('2026-12-03T08:00:00Z', ALEX, 'When you texted me at lunch, just to say hi.'),
    ]);
    const prompts = of(lines, 'conversation-prompt');
    expect(prompts.map((m) => [m.to, m.at])).toEqual([
      [SAM, '2026-12-03T00:00:00.000Z'],
      [ALEX, '2026-12-03T00:00:00.000Z'],
    ]);
    expect(prompts[0]!.body).toBe(prompts[1]!.body);
    expect(prompts[0]!.body).toContain(KEPT_DECK[0]!.text);
    // Sam's answer is acknowledged to Sam only; nothing reaches Alex until Alex answers.
    const samReply = lines.find((m) => m.kind === 'reply' && m.at === '2026-12-03T00:30:00.000Z')!;
    expect(samReply.body).toContain('stays private until Alex answers');
    const beforeAlex = lines.filter((m) => m.at < '2026-12-03T08:00:00.000Z');
    expect(beforeAlex.some((m) => m.body.includes('coffee'))).toBe(false);
    const reveals = of(lines, 'conversation-reveal');
    expect(reveals).toEqual([
      {
        at: '2026-12-03T08:00:00.000Z',
        channel: 'sms',
        to: ALEX,
        kind: 'conversation-reveal',
        body: `You both answered "${KEPT_DECK[0]!.text}" Sam wrote: You made me coffee before my early shift.`,
      },
      {
        // Sam's quiet hours (22:00-07:30 New York) hold the reveal until the morning.
        at: '2026-12-03T12:30:00.000Z',
        channel: 'sms',
        to: SAM,
        kind: 'conversation-reveal',
        body: `You both answered "${KEPT_DECK[0]!.text}" Alex wrote: When you texted me at lunch, just to say hi.`,
      },
    ]);
  });

  it('when only one answers, nothing is revealed, nobody is nudged, and the prompt closes after 48 hours', async () => {
    const lines = await weeklyTalk(from, '2026-12-06T05:00:00Z', [
      text('2026-12-03T00:30:00Z', SAM, 'You made me coffee before my early shift.'),
      // After 48 hours the text is no longer an answer.
      text('2026-12-05T00:30:00Z', ALEX, 'The lunch text, I loved it'),
    ]);
    expect(of(lines, 'conversation-reveal')).toEqual([]);
    expect(lines.filter((m) => m.to === ALEX && m.body.includes('coffee'))).toEqual([]);
    const afterPrompt = lines.filter(
      (m) => m.at > '2026-12-03T00:30:00.000Z' && m.kind !== 'checkin' && m.kind !== 'affirmation',
    );
    expect(afterPrompt.map((m) => m.kind)).toEqual(['reply']); // only the answer to Alex's late text
    expect(afterPrompt[0]!.body).toMatch(/didn't catch that/);
  });

  it('never repeats a prompt before the deck is used up, then starts it again', async () => {
    const lines = await simulate(
      validPlan({
        ...planWith({ repeat: 'FREQ=DAILY', at: '12:00', timezone: 'America/New_York' }),
        commitments: [],
        affirmations: [],
      }),
      { from, until: from + (KEPT_DECK.length + 2) * 86_400_000 },
    );
    const prompts = of(lines, 'conversation-prompt', ALEX).map((m) => m.body);
    expect(prompts).toHaveLength(KEPT_DECK.length + 2);
    expect(new Set(prompts.slice(0, KEPT_DECK.length)).size).toBe(KEPT_DECK.length);
    expect(prompts[KEPT_DECK.length]).toBe(prompts[0]);
  }, 60_000);

  it("uses the couple's own deck", async () => {
    const lines = await simulate(validPlan(planWith({ ...weekly, deck: ['What made you laugh this week?'] })), {
      from,
      until: Date.parse('2026-12-04T05:00:00Z'),
    });
    expect(of(lines, 'conversation-prompt', SAM)[0]!.body).toContain('What made you laugh this week?');
  });

  describe('which texts are answers (README: "Replying by text")', () => {
    // Sam's check-in goes out weekdays 20:00 New York (01:00 UTC); the Sunday prompt at 00:00 UTC Monday.
    const sunday = '2026-12-07T00:00:00Z';
    const cases: Array<{ name: string; replies: SimulatedReply[]; answer: string | null; outcome: RegExp }> = [
      {
        name: '"No, ..." with no check-in open is the answer, not a missed check-in',
        replies: [text('2026-12-07T00:10:00Z', SAM, 'No chore swap needed - I like washing up while you cook.')],
        answer: 'No chore swap needed - I like washing up while you cook.',
        outcome: /stays private/,
      },
      {
        name: '"Yes!" with no check-in open is the answer',
        replies: [text('2026-12-07T00:10:00Z', SAM, 'Yes! The walk on Saturday.')],
        answer: 'Yes! The walk on Saturday.',
        outcome: /stays private/,
      },
      {
        name: 'a longer text starting with thanks is the answer; THANKS alone stays a command',
        replies: [
          text('2026-12-07T00:05:00Z', SAM, 'Thanks'),
          text('2026-12-07T00:10:00Z', SAM, 'Thank you for listening to me on Friday night.'),
        ],
        answer: 'Thank you for listening to me on Friday night.',
        outcome: /stays private/,
      },
      {
        name: 'WEEK, PAUSE 2 and HELP stay commands while a prompt is open',
        replies: [
          text('2026-12-07T00:05:00Z', SAM, 'WEEK'),
          text('2026-12-07T00:06:00Z', SAM, 'HELP'),
          text('2026-12-07T00:10:00Z', SAM, 'The best ten minutes: coffee on the porch.'),
        ],
        answer: 'The best ten minutes: coffee on the porch.',
        outcome: /stays private/,
      },
      {
        name: 'SKIP alone passes on the prompt and is not an answer',
        replies: [text('2026-12-07T00:10:00Z', SAM, 'skip')],
        answer: null,
        outcome: /no answer this time/,
      },
    ];
    for (const testCase of cases) {
      it(testCase.name, async () => {
        const lines = await weeklyTalk(Date.parse('2026-12-06T05:00:00Z'), '2026-12-07T06:00:00Z', [
          ...testCase.replies,
          text('2026-12-07T00:30:00Z', ALEX, 'Alex here: the walk.'),
        ]);
        expect(of(lines, 'conversation-prompt').map((m) => m.at)).toEqual([
          new Date(sunday).toISOString(),
          new Date(sunday).toISOString(),
        ]);
        const replies = of(lines, 'reply', SAM);
        expect(replies.at(-1)!.body).toMatch(testCase.outcome);
        const toAlex = of(lines, 'conversation-reveal', ALEX);
        if (testCase.answer === null) expect(toAlex).toEqual([]);
        else expect(toAlex.map((m) => m.body.split('Sam wrote: ')[1])).toEqual([testCase.answer]);
      });
    }

    it('"No" while a check-in is open is the check-in answer; the next text is the prompt answer', async () => {
      // Wednesday: prompt at 00:00 UTC Thursday, Sam's check-in at 01:00 UTC.
      const lines = await weeklyTalk(from, '2026-12-03T09:00:00Z', [
        text('2026-12-03T01:05:00Z', SAM, 'No, stuck in a meeting'),
        text('2026-12-03T01:10:00Z', SAM, 'Yes - the coffee you made me'),
        text('2026-12-03T08:00:00Z', ALEX, 'Your lunch text'),
      ]);
      const samReplies = of(lines, 'reply', SAM).map((m) => m.body);
      expect(samReplies[0]).toMatch(/^Logged\. Thanks for being honest/);
      expect(samReplies[1]).toMatch(/stays private/);
      expect(of(lines, 'conversation-reveal', ALEX)[0]!.body).toMatch(/Sam wrote: Yes - the coffee you made me$/);
      // The miss is never shown to Alex.
      expect(lines.some((m) => m.to === ALEX && m.body.includes('meeting'))).toBe(false);
    });

    it('after answering, a second text is not taken as a new answer', async () => {
      const lines = await weeklyTalk(Date.parse('2026-12-06T05:00:00Z'), '2026-12-07T06:00:00Z', [
        text('2026-12-07T00:10:00Z', SAM, 'Coffee on the porch'),
        text('2026-12-07T00:11:00Z', SAM, 'and the crossword'),
        text('2026-12-07T00:30:00Z', ALEX, 'The walk'),
      ]);
      expect(of(lines, 'reply', SAM)[1]!.body).toMatch(/already answered|answered this one/);
      expect(of(lines, 'conversation-reveal', ALEX)[0]!.body).toMatch(/Sam wrote: Coffee on the porch$/);
    });
  });
});

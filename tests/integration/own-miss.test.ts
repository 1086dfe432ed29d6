import { describe, expect, it } from 'vitest';
import { simulate, type SimulatedMessage, type SimulatedReply } from '../../local/simulate.ts';
import { ALEX, SAM } from '../helpers/couple.ts';
import { examplePlan, validPlan } from '../helpers/plans.ts';
import { ofKind as of, textAt as text } from '../helpers/simulated.ts';

const from = Date.parse('2026-11-30T05:00:00Z'); // Monday 00:00 New York
const until = Date.parse('2026-12-07T05:00:00Z'); // after Sunday's summaries
const plan = () => validPlan({ ...examplePlan(), rituals: [], affirmations: [] });
/** The couple's promises simulated from Monday until `end` (after Sunday's summaries unless given), with these texts. */
const week = (replies: SimulatedReply[], end?: string) =>
  simulate(plan(), { from, until: end ? Date.parse(end) : until, replies });
const samSummary = (lines: SimulatedMessage[]) => of(lines, 'summary', 'sam@example.com')[0]!.body;
const strength = (summary: string) => Number(summary.match(/strength (\d+)%/)![1]);

// Sam's check-in goes out weekdays at 20:00 New York (01:00 UTC the next day).
const missTuesday = text('2026-12-02T01:10:00Z', SAM, 'N');
const own = text('2026-12-02T14:00:00Z', SAM, "OWN I let a meeting run over. Tomorrow I'm blocking 12:30.");
/** Sam's answer to an OWN with no miss left to own (spelled out: the test pins the words Sam reads). */
const NOTHING_TO_OWN = 'No missed promise from the last 7 days to own. Keep going.';

describe('owning a miss', () => {
  it('sends the repair note to the partner, who can thank; the summary says "owned 1"', async () => {
    const lines = await week([missTuesday, own, text('2026-12-02T15:00:00Z', ALEX, 'Thanks')]);
    expect(of(lines, 'repair-note')).toEqual([
      {
        at: '2026-12-02T14:00:00.000Z',
        channel: 'sms',
        to: ALEX,
        kind: 'repair-note',
        body: "Sam owned a missed promise (Call Alex at lunch): I let a meeting run over. Tomorrow I'm blocking 12:30. Reply THANKS to let them know you heard.",
      },
    ]);
    expect(of(lines, 'reply', SAM).map((m) => m.body)).toContain(
      'Sent to Alex. Owning it matters: this miss (call Alex at lunch) now counts half, not zero.',
    );
    expect(of(lines, 'thanks-notice', SAM).map((m) => m.body)).toEqual([
      'Alex thanked you for owning it: call Alex at lunch.',
    ]);
    expect(samSummary(lines)).toMatch(/Call Alex at lunch: kept 0 of 5 \(missed 1, unanswered 4, owned 1\)/);
    // A thanks for an owned miss is not counted as a thanks for a kept promise.
    expect(samSummary(lines)).not.toMatch(/thanked you/);
    // Alex's summary says nothing of the miss.
    expect(of(lines, 'summary', ALEX)[0]!.body).not.toMatch(/miss|owned|Call Alex/i);
  });

  it('counts an owned miss half in habit strength (v = 0.5): higher than a plain miss, lower than kept', async () => {
    const keptMost = ['01', '03', '04', '05'].map((d) => text(`2026-12-${d}T01:05:00Z`, SAM, 'Y'));
    const plain = await week([...keptMost, missTuesday]);
    const owned = await week([...keptMost, missTuesday, own]);
    const allKept = await week([...keptMost, text('2026-12-02T01:05:00Z', SAM, 'Y')]);
    const [p, o, k] = [plain, owned, allKept].map((lines) => strength(samSummary(lines)));
    expect(p).toBeLessThan(o!);
    expect(o).toBeLessThan(k!);
  });

  it('owns an unanswered check-in too, once it has closed', async () => {
    const lines = await week([text('2026-12-03T02:00:00Z', SAM, 'OWN I forgot to check in, and to call. Alarm set.')]);
    expect(of(lines, 'repair-note', ALEX)).toHaveLength(1);
  });

  it('without OWN the partner hears nothing of a miss; after 7 days, or with no note, nothing is sent', async () => {
    const lines = await week(
      [
        missTuesday,
        text('2026-12-02T14:00:00Z', SAM, 'OWN'),
        // Paused from Wednesday: no check-ins, so no newer misses.
        text('2026-12-02T14:05:00Z', SAM, 'PAUSE 14'),
        // Tuesday's N was 8 days ago (and Monday's unanswered closed before it): too late.
        text('2026-12-10T01:30:00Z', SAM, 'OWN sorry, I should have called'),
      ],
      '2026-12-12T05:00:00Z',
    );
    const samReplies = of(lines, 'reply', SAM).map((m) => m.body);
    expect(samReplies).toContain(
      "Say what happened and what you'll do, like: OWN Got stuck in a meeting; I'll set an alarm.",
    );
    expect(samReplies.at(-1)).toBe(NOTHING_TO_OWN);
    expect(of(lines, 'repair-note')).toEqual([]);
    expect(lines.some((m) => m.to === ALEX && /miss|meeting/i.test(m.body))).toBe(false);
  });

  it('each miss is owned once: a second OWN owns the one before, then there is nothing left', async () => {
    const lines = await week(
      [
        missTuesday,
        text('2026-12-02T14:00:00Z', SAM, 'OWN missed Tuesday, sorry'),
        text('2026-12-02T14:10:00Z', SAM, 'OWN and Monday too'),
        text('2026-12-02T14:20:00Z', SAM, 'OWN again'),
      ],
      '2026-12-03T05:00:00Z',
    );
    expect(of(lines, 'repair-note').map((m) => m.body.match(/: (.*) Reply/)![1])).toEqual([
      'missed Tuesday, sorry.',
      'and Monday too.',
    ]);
    expect(of(lines, 'reply', SAM).at(-1)!.body).toBe(NOTHING_TO_OWN);
  });
});

import { describe, expect, it } from 'vitest';
import type { PromiseStats } from '../../shared/summary/statistics.ts';
import { renderSupporterSummary, supporterWeek } from '../../shared/supporters/supporter-summary.ts';

const stats = (title: string, counts: Partial<PromiseStats>): PromiseStats => ({
  ref: title.toLowerCase().replace(/ /g, '-'),
  title,
  shared: false,
  due: 5,
  kept: 3,
  missed: 1,
  skipped: 0,
  paused: 0,
  unanswered: 1,
  open: 0,
  currentStreak: 2,
  bestStreak: 4,
  score: 0.61,
  trend: 'down',
  owned: 0,
  ...counts,
});

const sam = {
  summary: {
    partnerName: 'Sam',
    own: [stats('Call Alex at lunch', { kept: 3, missed: 1, unanswered: 1 })],
    rituals: [stats('Night walk together', { kept: 2, due: 2, missed: 0, unanswered: 0, shared: true })],
  },
  // Sam does not share his pulse: no sharedPulse.
};
const alex = {
  summary: {
    partnerName: 'Alex',
    own: [stats('Morning run', { kept: 4, due: 4, missed: 0, unanswered: 0 })],
    rituals: sam.summary.rituals,
  },
  sharedPulse: 8,
};

describe('the supporter summary', () => {
  const week = supporterWeek('Sam & Alex', [sam, alex], 2);
  const email = renderSupporterSummary('Dr. Lee', week);

  it('carries each partner kept counts, rituals done, conversations both answered and shared pulses', () => {
    expect(week).toEqual({
      pairName: 'Sam & Alex',
      partners: [
        { name: 'Sam', kept: [{ title: 'Call Alex at lunch', kept: 3 }] },
        { name: 'Alex', kept: [{ title: 'Morning run', kept: 4 }], sharedPulse: 8 },
      ],
      ritualsDone: [{ title: 'Night walk together', kept: 2 }],
      conversationsBothAnswered: 2,
    });
    expect(email.body).toContain('- Sam: Call Alex at lunch: kept 3');
    expect(email.body).toContain("Alex's latest pulse, shared with you: 8/10");
    expect(email.body).toContain('- Conversations both answered: 2');
  });

  it('leaves out a promise kept 0 times, as it does a ritual not done (a known schedule would tell the miss)', () => {
    const none = { ...sam, summary: { ...sam.summary, own: [stats('Call Alex at lunch', { kept: 0, missed: 5 })] } };
    const zero = supporterWeek('Sam & Alex', [none, alex], 0);
    expect(zero.partners[0]).toEqual({ name: 'Sam', kept: [] });
    const body = renderSupporterSummary('Dr. Lee', zero).body;
    expect(body).toContain('- Sam: none kept to show this week');
    expect(body).not.toContain('Call Alex at lunch');
  });

  it('never shows a miss, an unanswered check-in, a due count, a score, a streak or a private pulse', () => {
    const all = JSON.stringify(week) + email.body;
    for (const hidden of ['missed', 'unanswered', 'due', 'score', 'streak', 'owned', 'trend'])
      expect(all.toLowerCase()).not.toContain(hidden);
    expect(email.body).not.toMatch(/\b(5|6|0\.61)\b/); // Sam's due, the score
    // Which pulse answers a supporter may see is decided before supporterWeek (sharedPulses, in
    // writeSupporterSummary; tests/integration/pulse-sharing.test.ts): here, none handed in, none shown.
    expect(email.body).not.toMatch(/Sam's pulse/);
  });
});

import { describe, expect, it } from 'vitest';
import type { CheckIn } from '../../shared/model/checkin.ts';
import { count, habitScore, outcomeOf, streaks, trendOf, type Outcome } from '../../shared/summary/statistics.ts';
import { summarize } from '../../shared/summary/summarize.ts';
import {
  ownLine,
  otherLine,
  summaryHtml,
  summarySms,
  summarySubject,
  summaryText,
} from '../../shared/summary/render-summary.ts';
import { weekStart } from '../../shared/summary/week.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function checkIn(
  ref: string,
  owner: string,
  occurrence: string,
  status: CheckIn['status'],
  extra: Partial<CheckIn> = {},
): CheckIn {
  return {
    pairId: 'p',
    checkInKey: `CHK#${occurrence}#${ref}`,
    ref,
    title: ref === 'commitment:lunch' ? 'Call Alex at lunch' : ref === 'ritual:walk' ? 'Night walk' : 'Leave a note',
    ownerId: owner,
    occurrenceAt: occurrence,
    status,
    promptedAt: status === 'expired' ? {} : { [owner === 'both' ? 'sam' : owner]: occurrence },
    answers: {},
    ...extra,
  };
}

describe('outcomes, streaks and habit strength (hand-computed)', () => {
  it('an open check-in becomes unanswered 24 hours after the prompt; one never asked is not due', () => {
    const c = checkIn('commitment:lunch', 'sam', '2026-11-23T01:00:00.000Z', 'open');
    expect(outcomeOf(c, Date.parse('2026-11-24T00:59:00Z'))).toBe('open');
    expect(outcomeOf(c, Date.parse('2026-11-24T01:00:00Z'))).toBe('unanswered');
    expect(outcomeOf(checkIn('commitment:lunch', 'sam', '2026-11-23T01:00:00.000Z', 'expired'), 0)).toBe('unasked');
    expect(count(['kept', 'unasked', 'missed', 'open'])).toEqual({
      due: 3,
      kept: 1,
      missed: 1,
      skipped: 0,
      paused: 0,
      unanswered: 0,
      open: 1,
    });
  });

  it('skips and pauses neither break nor extend a streak; misses and unanswered break it', () => {
    const week: Outcome[] = [
      'kept',
      'kept',
      'skipped',
      'kept',
      'paused',
      'kept',
      'missed',
      'kept',
      'kept',
      'unanswered',
      'kept',
    ];
    expect(streaks(week)).toEqual({ current: 1, best: 4 });
  });

  it('scores like Loop Habit Tracker: weekdays (f = 5/7), kept, kept, missed, skipped, kept', () => {
    // Loop updates daily; each weekday occurrence stands for 7/5 days: M = m^(7/5).
    const M = (0.5 ** (Math.sqrt(5 / 7) / 13)) ** (7 / 5); // 0.93886...
    // By hand: after kept: 1-M; kept: (1-M)M + (1-M); missed: x*M; skipped: unchanged; kept: x*M + (1-M).
    let expected = 1 - M;
    expected = expected * M + (1 - M);
    expected = expected * M;
    expected = expected * M + (1 - M);
    expect(habitScore(['kept', 'kept', 'missed', 'skipped', 'kept'], 5 / 7)).toBeCloseTo(expected, 12);
    expect(expected).toBeCloseTo(0.1656, 4); // M = 0.938861, 1 - M = 0.061139
    expect(habitScore([], 1)).toBe(0);
    expect(habitScore(['paused', 'skipped'], 1)).toBe(0);
  });

  it('trend compares kept rates (skips and pauses aside)', () => {
    const c = (kept: number, missed: number) => ({
      due: kept + missed,
      kept,
      missed,
      skipped: 0,
      paused: 0,
      unanswered: 0,
      open: 0,
    });
    expect(trendOf(c(4, 1), c(3, 2))).toBe('up');
    expect(trendOf(c(2, 2), c(3, 1))).toBe('down');
    expect(trendOf(c(2, 2), c(1, 1))).toBe('level');
    expect(trendOf(c(2, 2), c(0, 0))).toBe('new');
  });
});

describe('a hand-computed week', () => {
  const zone = 'America/New_York';
  // The week of the US fall-back change: Monday 2026-10-26 .. Sunday 2026-11-01 (168 + 1 hours long).
  const start = weekStart(Date.parse('2026-10-28T12:00:00Z'), zone);
  const end = Date.parse('2026-11-02T05:00:00Z'); // Monday 00:00 EST
  const at = (day: number, hour: number) =>
    new Date(Date.parse('2026-10-26T00:00:00Z') + day * DAY + hour * HOUR).toISOString();

  const checkIns: CheckIn[] = [
    // Last week: 3 kept of 4 judged.
    ...[0, 1, 2].map((d) =>
      checkIn('commitment:lunch', 'sam', new Date(Date.parse(at(d, 0)) - 7 * DAY).toISOString(), 'kept'),
    ),
    checkIn('commitment:lunch', 'sam', new Date(Date.parse(at(3, 0)) - 7 * DAY).toISOString(), 'missed'),
    // This week, Mon..Fri 20:00 New York (00:00Z next day): kept, kept, missed, paused, open (never answered).
    checkIn('commitment:lunch', 'sam', at(1, 0), 'kept', { thankedAt: at(1, 2) }),
    checkIn('commitment:lunch', 'sam', at(2, 0), 'kept'),
    checkIn('commitment:lunch', 'sam', at(3, 0), 'missed'),
    checkIn('commitment:lunch', 'sam', at(4, 0), 'paused'),
    checkIn('commitment:lunch', 'sam', at(5, 0), 'open'),
    // A shared ritual, and Alex's own commitment (London) with a miss Sam must not see.
    checkIn('ritual:walk', 'both', at(1, 1), 'kept'),
    checkIn('ritual:walk', 'both', at(3, 1), 'skipped'),
    checkIn('commitment:note', 'alex', at(1, 9), 'kept'),
    checkIn('commitment:note', 'alex', at(2, 9), 'missed'),
    checkIn('commitment:note', 'alex', at(3, 9), 'kept', { thankedAt: at(3, 10) }),
    // Next week's: outside this summary.
    checkIn('commitment:lunch', 'sam', at(8, 0), 'kept'),
  ];
  const input = {
    partnerId: 'sam',
    partnerName: 'Sam',
    otherId: 'alex',
    otherName: 'Alex',
    share: 'kept-only' as const,
    zone,
    checkIns,
    frequencies: { 'commitment:lunch': 5 / 7, 'ritual:walk': 2 / 7, 'commitment:note': 1 },
    weekStart: start,
    weekEnd: end,
    previousWeekStart: start - 7 * DAY,
    now: end,
  };

  it("starts Monday 00:00 in the partner's own zone", () => {
    expect(new Date(start).toISOString()).toBe('2026-10-26T04:00:00.000Z'); // EDT, before the change
    expect(new Date(weekStart(Date.parse('2026-10-28T12:00:00Z'), 'Europe/London')).toISOString()).toBe(
      '2026-10-26T00:00:00.000Z',
    ); // GMT, London changed a week earlier
    expect(new Date(weekStart(Date.parse('2026-10-28T12:00:00Z'), 'Asia/Tokyo')).toISOString()).toBe(
      '2026-10-25T15:00:00.000Z',
    );
  });

  it('counts, streaks, score and trend per promise', () => {
    const summary = summarize(input);
    const lunch = summary.own.find((s) => s.ref === 'commitment:lunch')!;
    expect(lunch).toMatchObject({
      due: 5,
      kept: 2,
      missed: 1,
      paused: 1,
      unanswered: 1,
      skipped: 0,
      open: 0,
      currentStreak: 0,
      bestStreak: 3,
      trend: 'down',
    });
    // last week k,k,k,m then k,k,m,(paused),unanswered
    expect(lunch.score).toBeCloseTo(
      habitScore(['kept', 'kept', 'kept', 'missed', 'kept', 'kept', 'missed', 'paused', 'unanswered'], 5 / 7),
      12,
    );
    const walk = summary.rituals[0]!;
    expect(walk).toMatchObject({ due: 2, kept: 1, skipped: 1, currentStreak: 1, trend: 'new' });
    expect(summary.couple).toEqual({ kept: 5, due: 10 });
    expect(summary.thanks).toEqual({ received: 1, sent: 1 });
    expect(summary.prompt).toBe('What got in the way this week, and what would help next week?');
  });

  it("renders one text line per commitment, and the partner's kept count without their misses", () => {
    const summary = summarize(input);
    const text = summaryText(summary);
    expect(text).toContain(
      'Call Alex at lunch: kept 2 of 5 (missed 1, unanswered 1, paused 1) - streak 0 (best 3), strength',
    );
    expect(text).toContain('Alex kept: leave a note, 2 times');
    expect(text).not.toMatch(/Leave a note: kept 2 of 3|note.*missed/);
    expect(text).toContain('Night walk: done 1 of 2');
    expect(otherLine({ ...summary, share: 'all' }, summary.other[0]!)).toMatch(
      /^Alex: Leave a note: kept 2 of 3 \(missed 1\)/,
    );
    expect(summarySubject(summary)).toBe('Your week: 3 promises kept (Oct 26 - Nov 1)');
    expect(summarySubject(summary)).not.toMatch(/%|miss/i);
    expect(summarySms(summary).length).toBeLessThanOrEqual(160);
    expect(ownLine(summary.own[0]!)).toMatch(/down from last week$/);
  });

  it("names the week's first and last days as Intl does in the partner's zone, across a year's end too", () => {
    const summary = summarize(input);
    for (const zone of ['America/New_York', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Asia/Kathmandu']) {
      for (const at of ['2026-10-28T12:00:00Z', '2026-12-31T12:00:00Z', '2027-03-01T00:30:00Z']) {
        const weekStartMs = weekStart(Date.parse(at), zone);
        const weekEnd = weekStart(weekStartMs + 8 * DAY, zone);
        const intl = new Intl.DateTimeFormat('en-US', { timeZone: zone, month: 'short', day: 'numeric' });
        const label = `${intl.format(weekStartMs)} - ${intl.format(weekEnd - 1)}`;
        expect(summarySubject({ ...summary, zone, weekStart: weekStartMs, weekEnd })).toContain(`(${label})`);
      }
    }
  });

  it('shows a check-in not yet answered when the summary is written as still open, so the counts add up', () => {
    const summary = summarize({ ...input, now: Date.parse(at(5, 2)) });
    const lunch = summary.own.find((s) => s.ref === 'commitment:lunch')!;
    expect(lunch).toMatchObject({ due: 5, kept: 2, missed: 1, paused: 1, unanswered: 0, open: 1 });
    expect(lunch.kept + lunch.missed + lunch.paused + lunch.skipped + lunch.unanswered + lunch.open).toBe(lunch.due);
    expect(summaryText(summary)).toContain('Call Alex at lunch: kept 2 of 5 (missed 1, paused 1, 1 still open)');
  });

  it('HTML: tables and inline styles, a bar per kept rate, everything escaped, nothing external', () => {
    const hostile = summarize({
      ...input,
      partnerName: '<b>Sam</b>',
      checkIns: checkIns.map((c) => ({
        ...c,
        title: c.ref === 'commitment:lunch' ? '<script>alert(1)</script> & co' : c.title,
      })),
    });
    const html = summaryHtml(hostile);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; co');
    expect(html).toContain('Hi &lt;b&gt;Sam&lt;/b&gt;');
    expect(html).not.toMatch(/<script|<img|<link|https?:\/\//);
    expect(html).toMatch(/<td width="40%" style="background:#1f6f5c/); // 2 of 5 kept
  });

  it('a quiet week (nothing due) suggests making a promise; an all-kept rising week asks what worked', () => {
    expect(summarize({ ...input, checkIns: [] }).prompt).toBe(
      'What small promise would you like to make each other for next week?',
    );
    const good = checkIns.filter((c) => c.ref === 'commitment:lunch' && c.status === 'kept');
    expect(summarize({ ...input, checkIns: good }).prompt).toBe(
      'What made this week work? Tell each other one thing you noticed.',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { parsePlanText, validatePlan } from '../../shared/model/validate-plan.ts';
import { examplePlan } from '../helpers/plans.ts';

type Edit = (plan: any) => void;

describe('plan validation', () => {
  it('accepts the README example and fills defaults', () => {
    const result = validatePlan(examplePlan());
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.plan.rituals[0]!.remindBefore).toBe(30);
      expect(result.plan.pair.share).toBe('kept-only');
    }
  });

  const cases: Array<[string, Edit, string]> = [
    [
      'an unknown zone',
      (p) => (p.partners[1].timezone = 'Europe/Londn'),
      'partners[1].timezone: unknown time zone "Europe/Londn"',
    ],
    [
      'a typo in a field name',
      (p) => (p.partners[0].phnoe = '+1555'),
      'partners[0].phnoe: unknown field (check the spelling)',
    ],
    ['a missing field', (p) => delete p.commitments[0].checkInAt, 'commitments[0].checkInAt: is required'],
    [
      'remindBefore without due',
      (p) => (p.commitments[0].remindBefore = 15),
      'commitments[0].remindBefore: needs "due", the time it is minutes before',
    ],
    [
      'both remind and remindBefore',
      (p) => Object.assign(p.commitments[0], { remind: '12:00', due: '12:30', remindBefore: 10 }),
      'commitments[0].remind: give "remind" (a time) or "remindBefore" (minutes before "due"), not both',
    ],
    [
      'a reminder time that is not a time',
      (p) => (p.commitments[0].remind = '25:00'),
      'commitments[0].remind: remind must be a 24-hour time HH:MM (00:00 to 23:59)',
    ],
    [
      'a target and a limit together',
      (p) => Object.assign(p.commitments[0], { target: { times: 3, per: 'week' }, limit: { times: 1, per: 'week' } }),
      'commitments[0].limit: give "target" (at least) or "limit" (at most), not both',
    ],
    [
      'a target per fortnight',
      (p) => (p.commitments[0].target = { times: 3, per: 'fortnight' }),
      'commitments[0].target.per: target.per must be "day", "week" or "month"',
    ],
    [
      'a shared window that is not a time',
      (p) => (p.pair.sharedWindow = { from: '8am', to: '21:30' }),
      'pair.sharedWindow.from: sharedWindow.from must be a 24-hour time HH:MM (00:00 to 23:59)',
    ],
    [
      'an unknown owner',
      (p) => (p.commitments[0].owner = 'sma'),
      'commitments[0].owner: unknown partner "sma" (partners are: sam, alex)',
    ],
    ['an unknown recipient', (p) => (p.affirmations[0].to = 'bob'), 'affirmations[0].to: unknown partner "bob"'],
    [
      'a duplicate id',
      (p) => p.commitments.push({ ...p.commitments[0] }),
      'commitments[1].id: duplicate id "lunch-call" (also commitments[0])',
    ],
    ['a non-E.164 phone', (p) => (p.partners[0].phone = '555-0101'), 'partners[0].phone: phone must be in E.164 form'],
    ['a bad email', (p) => (p.partners[0].email = 'sam@'), 'partners[0].email: email is not a valid address'],
    [
      'an hour out of range',
      (p) => (p.commitments[0].checkInAt = '24:00'),
      'commitments[0].checkInAt: checkInAt must be a 24-hour time HH:MM',
    ],
    [
      'minutes out of range',
      (p) => (p.affirmations[0].at = '08:60'),
      'affirmations[0].at: at must be a 24-hour time HH:MM',
    ],
    [
      'a pager-like rule',
      (p) => (p.rituals[0].repeat = 'FREQ=MINUTELY'),
      'rituals[0].repeat: FREQ=MINUTELY is more frequent than hourly; Kept is not a pager',
    ],
    [
      'an invalid rule',
      (p) => (p.commitments[0].repeat = 'FREQ=WEEKLY;BYDAY=XX'),
      'commitments[0].repeat: BYDAY has an unknown day',
    ],
    [
      'a rule that never fires',
      (p) => (p.rituals[0].repeat = 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30'),
      'rituals[0].repeat: this rule has no occurrence',
    ],
    ['sms without a phone', (p) => delete p.partners[1].phone, 'partners[1].phone: is required when channel is "sms"'],
    [
      'an affirmation to oneself',
      (p) => (p.affirmations[0].to = 'alex'),
      'affirmations[0].to: an affirmation goes to the other partner',
    ],
    [
      'three partners',
      (p) => p.partners.push({ ...p.partners[1], id: 'kim', phone: '+15555550199' }),
      'partners: a pair has at most two partners',
    ],
    [
      'a title with a control character',
      (p) => (p.commitments[0].title = 'Call\u0000Alex'),
      'commitments[0].title: title contains control or invisible characters',
    ],
    [
      'a bad consent value',
      (p) => (p.partners[0].consent = 'yes'),
      'partners[0].consent: consent must be "pending" or "confirmed"',
    ],
    [
      'the same phone twice',
      (p) => (p.partners[1].phone = p.partners[0].phone),
      'partners[1].phone: the same number as partners[0]',
    ],
  ];

  it.each(cases)('refuses %s, naming the path', (_name, edit, expected) => {
    const plan = examplePlan();
    edit(plan);
    const result = validatePlan(plan);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.some((problem) => problem.startsWith(expected))).toBe(true);
  });

  it('lists every problem at once', () => {
    const plan: any = examplePlan();
    plan.partners[1].timezone = 'Mars/Olympus';
    plan.commitments[0].checkInAt = '7pm';
    plan.rituals[0].colour = 'blue';
    const result = validatePlan(plan);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems).toHaveLength(3);
  });

  it('lists shape problems and reference problems together, in one run', () => {
    const plan: any = examplePlan();
    plan.partners[1].timezone = 'Europe/Londn';
    plan.affirmations[0].at = '8am';
    plan.commitments[0].owner = 'sma';
    plan.rituals[0].repeat = 'FREQ=MINUTELY';
    const result = validatePlan(plan);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems).toEqual([
        'partners[1].timezone: unknown time zone "Europe/Londn"',
        'affirmations[0].at: at must be a 24-hour time HH:MM (00:00 to 23:59)',
        'commitments[0].owner: unknown partner "sma" (partners are: sam, alex)',
        'rituals[0].repeat: FREQ=MINUTELY is more frequent than hourly; Kept is not a pager',
      ]);
    }
  });

  it('lists a bad rule even when another field of the same item is bad too', () => {
    const plan: any = examplePlan();
    plan.rituals[0].at = '8pm';
    plan.rituals[0].timezone = 'Mars/Base';
    plan.rituals[0].repeat = 'FREQ=MINUTELY';
    plan.affirmations[0].at = 'noon';
    plan.affirmations[0].repeat = 'FREQ=HOURLY;INTERVAL=0';
    const result = validatePlan(plan);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems).toEqual(
        expect.arrayContaining([
          'rituals[0].at: at must be a 24-hour time HH:MM (00:00 to 23:59)',
          'rituals[0].repeat: FREQ=MINUTELY is more frequent than hourly; Kept is not a pager',
        ]),
      );
      expect(result.problems.some((p) => p.startsWith('affirmations[0].repeat: '))).toBe(true);
    }
  });

  it("words the schema library's own messages for people, with the value given", () => {
    const plan: any = examplePlan();
    plan.rituals[0].remindBefore = -5;
    plan.partners[1].quietHours = 'night';
    const result = validatePlan(plan);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems).toEqual([
        'partners[1].quietHours: must be an object {...} (got "night")',
        'rituals[0].remindBefore: must be at least 0 (got -5)',
      ]);
      expect(result.problems.join('\n')).not.toMatch(/Too small|Invalid input|expected number/);
    }
  });

  it('reports a JSON syntax error with its line and column', () => {
    const result = parsePlanText('plan.json', '{\n  "pair": {\n    "id": "x",,\n  }\n}');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]).toMatch(/^plan\.json: line 3, column 15: invalid JSON/);
  });
});

import { describe, expect, it } from 'vitest';
import { clusterCheckIns, deriveSchedules } from '../../shared/schedule/derive-schedules.ts';
import { examplePlan, validPlan } from '../helpers/plans.ts';

const commitment = (id: string, checkInAt: string) => ({
  id,
  owner: 'sam',
  title: id,
  repeat: 'FREQ=DAILY',
  checkInAt,
});

describe('deriving schedules from a plan', () => {
  it('makes a check-in for the owner, a reminder per partner per ritual, and an affirmation for its recipient', () => {
    const specs = deriveSchedules(validPlan(examplePlan()));
    expect(specs.map((s) => `${s.kind}:${s.recipientId}`).sort()).toEqual([
      'affirmation:sam',
      'checkin:sam',
      'ritual-checkin:alex',
      'ritual-checkin:sam',
      'ritual-reminder:alex',
      'ritual-reminder:sam',
      'summary:alex',
      'summary:sam',
    ]);
    // The weekly summary: Sunday 18:00 in each partner's zone, by email when there is an address.
    const summaries = specs
      .filter((s) => s.kind === 'summary')
      .map((s) => [s.recipientId, s.members[0]!.rule, s.at, s.ruleZone, s.text.channel]);
    expect(summaries).toEqual([
      ['sam', 'FREQ=WEEKLY;BYDAY=SU', '18:00', 'America/New_York', 'email'],
      ['alex', 'FREQ=WEEKLY;BYDAY=SU', '18:00', 'Europe/London', 'sms'],
    ]);
    const ritualCheckIn = specs.find((s) => s.kind === 'ritual-checkin' && s.recipientId === 'sam')!;
    expect(ritualCheckIn.offsetMinutes).toBe(120); // two hours after the ritual, by default
    expect(ritualCheckIn.quietHours).toEqual({ from: '22:00', to: '07:30' }); // a check-in waits for quiet hours to end
    const reminder = specs.find((s) => s.kind === 'ritual-reminder' && s.recipientId === 'alex')!;
    expect(reminder.offsetMinutes).toBe(-30);
    expect(reminder.ruleZone).toBe('America/New_York');
    expect(reminder.recipientZone).toBe('Europe/London');
    expect(reminder.quietHours).toBeUndefined(); // ritual reminders go at the agreed time
  });

  it("merges one person's check-ins within 15 minutes, firing at the latest of them", () => {
    const clusters = clusterCheckIns([
      commitment('a', '20:00'),
      commitment('b', '20:14'),
      commitment('c', '20:15'),
      commitment('d', '21:00'),
    ] as never);
    expect(clusters.map((c) => c.map((x) => x.id))).toEqual([['a', 'b'], ['c'], ['d']]);
    const plan = examplePlan();
    plan.commitments!.push({ ...commitment('note', '20:10') });
    const checkins = deriveSchedules(validPlan(plan)).filter((s) => s.kind === 'checkin');
    expect(checkins).toHaveLength(1);
    expect(checkins[0]!.at).toBe('20:10');
    expect(checkins[0]!.members.map((m) => m.ref)).toEqual(['commitment:lunch-call', 'commitment:note']);
  });

  it('schedules nothing but a consent request for a partner who has not consented', () => {
    const plan = examplePlan();
    plan.partners[1]!.consent = 'pending';
    const forAlex = deriveSchedules(validPlan(plan)).filter((s) => s.recipientId === 'alex');
    expect(forAlex.filter((s) => s.active).map((s) => s.kind)).toEqual(['consent-request']);
  });
});

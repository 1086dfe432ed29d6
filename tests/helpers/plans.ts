import type { PlanInput } from '../../shared/model/plan.ts';
import { validatePlan } from '../../shared/model/validate-plan.ts';
import type { Plan } from '../../shared/model/plan.ts';

/** The README's example plan, as an object tests can copy and edit. */
export function examplePlan(): PlanInput {
  return {
    pair: { id: 'sam-alex', name: 'Sam & Alex' },
    partners: [
      {
        id: 'sam',
        name: 'Sam',
        phone: '+15555550101',
        email: 'sam@example.com',
        timezone: 'America/New_York',
        channel: 'sms',
        quietHours: { from: '22:00', to: '07:30' },
        consent: 'confirmed',
      },
      {
        id: 'alex',
        name: 'Alex',
        phone: '+447700900123',
        timezone: 'Europe/London',
        channel: 'sms',
        consent: 'confirmed',
      },
    ],
    commitments: [
      {
        id: 'lunch-call',
        owner: 'sam',
        title: 'Call Alex at lunch',
        repeat: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR',
        checkInAt: '20:00',
      },
    ],
    rituals: [
      {
        id: 'night-walk',
        title: 'Night walk together',
        repeat: 'FREQ=WEEKLY;BYDAY=TU,TH',
        at: '20:00',
        timezone: 'America/New_York',
        remindBefore: 30,
      },
    ],
    affirmations: [
      {
        id: 'morning-note',
        from: 'alex',
        to: 'sam',
        text: 'Proud of you for showing up.',
        repeat: 'FREQ=DAILY',
        at: '08:00',
      },
    ],
  };
}

/** A daily commitment with a check-in, to push onto a copy of the example plan. */
export const dailyCommitment = (
  id: string,
  owner: string,
  title: string,
  checkInAt: string,
): NonNullable<PlanInput['commitments']>[number] => ({ id, owner, title, repeat: 'FREQ=DAILY', checkInAt });

/** Validates a plan object, failing the test with the problems if it is not valid. */
export function validPlan(input: PlanInput): Plan {
  const result = validatePlan(input);
  if (!result.ok) throw new Error(`plan is invalid:\n${result.problems.join('\n')}`);
  return result.plan;
}

/** Alex reached by email only and not asked yet: applying the plan invites Alex by email. */
export const alexInvitedByEmail = (email: string): PlanInput['partners'][number] => ({
  id: 'alex',
  name: 'Alex',
  email,
  timezone: 'Europe/London',
  channel: 'email',
  consent: 'pending',
});

/**
 * A bare pair (no promises) of Eve, confirmed by phone, and someone invited by email only:
 * for tests about what reaches an address.
 */
export function eveAndInvitee(
  pairId: string,
  evePhone: string,
  invitee: { id: string; name: string; email: string },
): PlanInput {
  const plan = examplePlan();
  plan.pair = { id: pairId, name: `Eve & ${invitee.name}` };
  plan.partners = [
    { id: 'eve', name: 'Eve', phone: evePhone, timezone: 'America/New_York', consent: 'confirmed' },
    { ...invitee, timezone: 'America/New_York', consent: 'pending' },
  ];
  plan.commitments = [];
  plan.rituals = [];
  plan.affirmations = [];
  return plan;
}

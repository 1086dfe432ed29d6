import type { Plan } from '../model/plan.ts';
import type { ScheduleSpec } from '../model/schedule.ts';
import { freezeContent, type Delivery } from '../store/delivery-repository.ts';
import { getDefinition } from '../store/pair-repository.ts';
import { listPartners } from '../store/partner-repository.ts';
import { pulseSharers } from './practices-plan.ts';
import { openPulse, withdrawPulse } from '../store/pulse-repository.ts';
import type { Store } from '../store/store.ts';

/** The question says who will see the answer: as it is asked, so it is (see openPulse). */
export const pulseQuestion = (otherName: string, shared: boolean) => ({
  body: `How close and safe did you feel with ${otherName} this week, 0-10? Reply with a number. ${
    shared ? 'You chose to share it.' : 'It stays private unless you share it.'
  }`,
  subject: `Your weekly pulse`,
});

/** One weekly `pulse-question` per partner, on the plan's day and time in that partner's own zone. */
export function pulseSchedules(plan: Plan): ScheduleSpec[] {
  const pulse = plan.pulse;
  if (!pulse || plan.partners.length < 2) return [];
  return plan.partners.map(
    (partner): ScheduleSpec => ({
      scheduleId: `pulse-question:${partner.id}`,
      kind: 'pulse-question',
      recipientId: partner.id,
      members: [{ ref: 'pulse', title: 'Weekly pulse', rule: `FREQ=WEEKLY;BYDAY=${pulse.day}` }],
      at: pulse.at,
      ruleZone: partner.timezone,
      offsetMinutes: 0,
      recipientZone: partner.timezone,
      quietHours: partner.quietHours,
      text: {},
      active: partner.consent === 'confirmed',
    }),
  );
}

/** Whether a partner shares their pulse now, as stored with the pair's pulse settings (read consistently). */
export async function sharesPulseNow(store: Store, pairId: string, partnerId: string): Promise<boolean> {
  const settings = await getDefinition(store, pairId, 'pulse', 'pulse');
  return pulseSharers(settings?.data).includes(partnerId);
}

/** A question that will not go out after all is taken back (see withdrawPulse). */
export function withdrawPulseQuestion(deps: { store: Store }, delivery: Delivery): Promise<void> {
  return withdrawPulse(deps.store, {
    pairId: delivery.pairId,
    partnerId: delivery.recipientId,
    occurrenceAt: delivery.occurrenceAt,
  });
}

/**
 * Opens the week's pulse for its recipient (so the number finds it), recording whether they
 * share their pulse as it is asked, and writes the question saying so. Sharing starts with the
 * next question: answers given while private stay private.
 */
export async function writePulseQuestion(deps: { store: Store }, delivery: Delivery): Promise<void> {
  const [partners, sharing] = await Promise.all([
    listPartners(deps.store, delivery.pairId),
    sharesPulseNow(deps.store, delivery.pairId, delivery.recipientId),
  ]);
  const other = partners.find((p) => p.partnerId !== delivery.recipientId);
  const { shared } = await openPulse(
    deps.store,
    { pairId: delivery.pairId, partnerId: delivery.recipientId, occurrenceAt: delivery.occurrenceAt, shared: sharing },
    delivery.fireAt,
  );
  await freezeContent(
    deps.store,
    { pairId: delivery.pairId, deliveryKey: delivery.deliveryKey },
    pulseQuestion(other?.name ?? 'your partner', shared),
  );
}

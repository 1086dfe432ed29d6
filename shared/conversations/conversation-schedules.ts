import type { Plan } from '../model/plan.ts';
import type { ScheduleSpec } from '../model/schedule.ts';

export const CONVERSATION_REF = 'conversation';

/**
 * One `conversation-prompt` schedule per partner, on the same rule, time and zone, so both
 * partners' prompts share an occurrence: the conversation's key. The prompt itself is chosen
 * when the first of the two is sent (see conversation-content.ts).
 */
export function conversationSchedules(plan: Plan): ScheduleSpec[] {
  const talk = plan.conversations;
  if (!talk) return [];
  const zone = talk.timezone ?? plan.partners[0]!.timezone;
  return plan.partners.map(
    (partner): ScheduleSpec => ({
      scheduleId: `conversation-prompt:${partner.id}`,
      kind: 'conversation-prompt',
      recipientId: partner.id,
      members: [{ ref: CONVERSATION_REF, title: 'Conversation', rule: talk.repeat, start: talk.start }],
      at: talk.at,
      ruleZone: zone,
      offsetMinutes: 0,
      recipientZone: partner.timezone,
      quietHours: partner.quietHours,
      text: {},
      active: partner.consent === 'confirmed',
    }),
  );
}

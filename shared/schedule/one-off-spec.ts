import type { MessageKind } from '../model/message.ts';
import type { Partner } from '../model/plan.ts';
import type { ScheduleSpec } from '../model/schedule.ts';

/**
 * A message sent once to one partner (a consent request, a welcome): no rule, so it goes when
 * applied, or when the partner's quiet hours end. Keyed by kind and partner, so it is sent once.
 */
export function oneOffSpec(
  kind: MessageKind,
  partner: Pick<Partner, 'id' | 'timezone' | 'quietHours'>,
  text: Record<string, string>,
): ScheduleSpec {
  return {
    scheduleId: `${kind}:${partner.id}`,
    kind,
    recipientId: partner.id,
    members: [],
    at: '00:00',
    ruleZone: partner.timezone,
    offsetMinutes: 0,
    recipientZone: partner.timezone,
    quietHours: partner.quietHours,
    text,
    active: true,
  };
}

import type { Plan } from '../model/plan.ts';
import type { PartnerRecord } from '../model/partner-state.ts';
import type { ScheduleSpec } from '../model/schedule.ts';
import { oneOffSpec } from '../schedule/one-off-spec.ts';
import { DAY_MS } from '../util/time.ts';

/** A partner whose consent came with the plan this long ago or less is still being set up. */
const WELCOME_WINDOW_MS = DAY_MS;

/**
 * One welcome text for each partner set up with consent by the plan (a pending partner gets
 * the consent request instead, and the confirmation when they reply YES): the first message
 * arrives at once, after the recipient's quiet hours, rather than at the first check-in, which
 * may be a day away. Keyed by partner, so it is sent once; partners set up longer ago than the
 * window get none (an upgrade does not greet people who have used Kept for months), and an
 * apply interrupted after writing the partner still adds it when applied again.
 */
export function welcomeSchedules(
  plan: Plan,
  consentLogs: ReadonlyMap<string, PartnerRecord['consentLog']>,
  now: number,
): ScheduleSpec[] {
  return plan.partners.flatMap((partner): ScheduleSpec[] => {
    // How the partner was first stored: with the plan's consent (taken only while nothing can
    // reach anyone; with a real provider the person is asked instead), and recently.
    const first = consentLogs.get(partner.id)?.[0];
    const setUpWithConsent =
      first?.source === 'plan' && first.status === 'confirmed' && now - Date.parse(first.at) <= WELCOME_WINDOW_MS;
    if (!setUpWithConsent) return [];
    const other = plan.partners.find((p) => p.id !== partner.id);
    return [oneOffSpec('welcome', partner, { name: partner.name, partnerName: other?.name ?? '' })];
  });
}

import type { Plan } from '../model/plan.ts';
import type { ScheduleSpec } from '../model/schedule.ts';
import { pulseHistory, sharedPulses } from '../practices/pulse-summary.ts';
import { buildWeeklySummary } from '../summary/build-summary.ts';
import { listConversations } from '../store/conversation-repository.ts';
import { freezeContent, type Delivery } from '../store/delivery-repository.ts';
import { getPairItem, listDefinitions } from '../store/pair-repository.ts';
import { listPartners } from '../store/partner-repository.ts';
import type { Store } from '../store/store.ts';
import { supporterRecipient, supporterRecipientId } from './supporter-recipient.ts';
import { renderSupporterSummary, supporterWeek } from './supporter-summary.ts';

const WEEK_MS = 7 * 86_400_000;

/**
 * One weekly `supporter-summary` per confirmed supporter, on the pair's summary day and time
 * in the first partner's zone. A pending supporter gets nothing: no mail without consent.
 */
export function supporterSchedules(plan: Plan): ScheduleSpec[] {
  const first = plan.partners[0];
  if (!first || plan.partners.length < 2) return [];
  const settings = { day: 'SU', at: '18:00', ...plan.pair.summary };
  return (plan.supporters ?? []).map(
    (supporter): ScheduleSpec => ({
      scheduleId: `supporter-summary:${supporter.id}`,
      kind: 'supporter-summary',
      recipientId: supporterRecipientId(supporter.id),
      members: [{ ref: 'summary', title: 'Supporter summary', rule: `FREQ=WEEKLY;BYDAY=${settings.day}` }],
      at: settings.at,
      ruleZone: first.timezone,
      offsetMinutes: 0,
      recipientZone: first.timezone,
      text: { channel: 'email' },
      active: supporter.consent === 'confirmed',
    }),
  );
}

/** Writes the week's supporter summary from each partner's own week, through supporterWeek's privacy rule. */
export async function writeSupporterSummary(deps: { store: Store }, delivery: Delivery): Promise<void> {
  const { store } = deps;
  const [pair, partners, definitions, recipient] = await Promise.all([
    getPairItem(store, delivery.pairId),
    listPartners(store, delivery.pairId),
    listDefinitions(store, delivery.pairId),
    // Only the text is written here; whether it may go to them is the send path's resolver's to say.
    supporterRecipient(store, delivery.pairId, delivery.recipientId, { planConsentHonoured: true }),
  ]);
  if (!recipient) return;
  const pulses = await pulseHistory(store, delivery.pairId, definitions, delivery.occurrenceAt);
  const weeks = [];
  for (const partner of partners) {
    const summary = await buildWeeklySummary(store, delivery.pairId, partner.partnerId, delivery.occurrenceAt);
    const sharedPulse = pulses ? sharedPulses(pulses, partner.partnerId)?.at(-1)?.value : undefined;
    if (summary) weeks.push({ summary, ...(sharedPulse === undefined ? {} : { sharedPulse }) });
  }
  // The week up to this summary (conversations still open at its end are counted next week if answered then).
  const conversations = await listConversations(
    store,
    delivery.pairId,
    delivery.occurrenceAt - WEEK_MS,
    delivery.occurrenceAt,
  );
  const bothAnswered = conversations.filter((c) => Object.keys(c.answers).length >= 2).length;
  const week = supporterWeek(String(pair?.name ?? delivery.pairId), weeks, bothAnswered);
  await freezeContent(
    store,
    { pairId: delivery.pairId, deliveryKey: delivery.deliveryKey },
    renderSupporterSummary(recipient.name, week),
  );
}

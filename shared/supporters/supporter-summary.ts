import { othersStatsView } from '../privacy/partner-view.ts';
import type { WeeklySummary } from '../summary/summarize.ts';

/**
 * What a supporter (someone outside the couple) may see of a week: each partner's kept counts,
 * the rituals done, how many conversations both answered, and pulses the rater chose to share.
 * Never a miss, an unanswered check-in, a score, a conversation's words or a private pulse.
 */
export interface SupporterWeek {
  pairName: string;
  partners: Array<{ name: string; kept: Array<{ title: string; kept: number }>; sharedPulse?: number }>;
  ritualsDone: Array<{ title: string; kept: number }>;
  conversationsBothAnswered: number;
}

/** One partner's own week, with their latest shared pulse answer (absent: none shared). */
export interface PartnerWeek {
  summary: Pick<WeeklySummary, 'partnerName' | 'own' | 'rituals'>;
  sharedPulse?: number;
}

/**
 * The one privacy rule applies with the strictest share, whatever the pair chose for each
 * other: a supporter reads every promise as the other partner would under "kept-only".
 */
export function supporterWeek(
  pairName: string,
  partners: PartnerWeek[],
  conversationsBothAnswered: number,
): SupporterWeek {
  const keptOnly = (stats: WeeklySummary['own']) =>
    stats.map((s) => othersStatsView('kept-only', s)).map(({ title, kept }) => ({ title, kept }));
  return {
    pairName,
    // Zero counts are left out, as for rituals: "kept 0" next to a schedule the reader knows
    // would tell them of a miss.
    partners: partners.map((week) => ({
      name: week.summary.partnerName,
      kept: keptOnly(week.summary.own).filter((k) => k.kept > 0),
      ...(week.sharedPulse === undefined ? {} : { sharedPulse: week.sharedPulse }),
    })),
    // The rituals are the couple's: either partner's summary carries the same counts.
    ritualsDone: keptOnly(partners[0]?.summary.rituals ?? []).filter((r) => r.kept > 0),
    conversationsBothAnswered,
  };
}

/** The weekly `supporter-summary` email: counts of what went well, nothing else. */
export function renderSupporterSummary(supporterName: string, week: SupporterWeek): { subject: string; body: string } {
  const lines = [`Hello ${supporterName},`, '', `This week for ${week.pairName} (kept promises only):`];
  for (const partner of week.partners) {
    const kept = partner.kept.map((k) => `${k.title}: kept ${k.kept}`).join('; ');
    lines.push(`- ${partner.name}: ${kept || 'none kept to show this week'}`);
    if (partner.sharedPulse !== undefined)
      lines.push(`  ${partner.name}'s latest pulse, shared with you: ${partner.sharedPulse}/10`);
  }
  const rituals = week.ritualsDone.map((r) => `${r.title} (${r.kept})`).join(', ');
  lines.push(`- Rituals done together: ${rituals || 'none this week'}`);
  lines.push(`- Conversations both answered: ${week.conversationsBothAnswered}`);
  lines.push('', 'Either partner can end this at any time; you will then get no more of these.');
  return { subject: `Kept: ${week.pairName}, this week`, body: lines.join('\n') };
}

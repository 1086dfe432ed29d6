import type { DeliveryQueue } from '../delivery/queue.ts';
import { practiceTexts } from '../messages/practice-texts.ts';
import type { PartnerRecord } from '../model/partner-state.ts';
import type { Store } from '../store/store.ts';
import { ownableMisses, ownMiss, recentForOwning } from './own-miss.ts';

/** OWN <note> by text: owns the latest miss of the last 7 days not owned yet (README: "Owning a miss"). */
export async function ownReply(
  context: {
    deps: { store: Store; queue: DeliveryQueue };
    partner: PartnerRecord;
    other: PartnerRecord | undefined;
    now: number;
  },
  note: string,
): Promise<{ outcome: string; reply: string }> {
  const { deps, partner, other, now } = context;
  if (note === '') return { outcome: 'own-needs-note', reply: practiceTexts.needNote() };
  const misses = ownableMisses(await recentForOwning(deps.store, partner.pairId, now), partner.partnerId, now);
  const miss = misses.at(-1);
  if (!miss || (await ownMiss(deps, { partner, other }, miss, note, now)) !== 'owned')
    return { outcome: 'nothing-to-own', reply: practiceTexts.nothingToOwn() };
  return { outcome: 'owned', reply: practiceTexts.owned(other?.name, miss.title) };
}

import type { DeliveryQueue } from '../delivery/queue.ts';
import { supporterTexts } from '../messages/supporter-texts.ts';
import type { PartnerRecord } from '../model/partner-state.ts';
import type { Store } from '../store/store.ts';
import { namesOf, removeSupporters } from './remove-supporters.ts';

/**
 * SUPPORTER OFF by text: every supporter of the pair goes at once, at whatever stage (either
 * partner may end it, alone), and the other partner is told (see removeSupporters; the
 * dashboard's Remove calls it for one supporter).
 */
export async function supporterOff(context: {
  deps: { store: Store; queue: DeliveryQueue };
  partner: PartnerRecord;
  other: PartnerRecord | undefined;
  now: number;
}): Promise<{ outcome: string; reply: string }> {
  const { deps, partner, other, now } = context;
  const { removed } = await removeSupporters(deps, {
    pairId: partner.pairId,
    by: partner,
    other,
    now,
  });
  if (removed.length === 0) return { outcome: 'no-supporter', reply: supporterTexts.noneToRemove() };
  return { outcome: 'supporter-off', reply: supporterTexts.removedDone(namesOf(removed), other?.name) };
}

import type { Plan, PlanInput } from '../model/plan.ts';
import { getPairItem, listDefinitions } from '../store/pair-repository.ts';
import { listPartners } from '../store/partner-repository.ts';
import type { Store } from '../store/store.ts';
import { practicesFromDefinitions, pulseSharers } from '../practices/practices-plan.ts';
import { withoutEndedSupporters } from '../supporters/ended-supporters.ts';

/**
 * The plan as the store holds it, in the plan file's own format: what `GET /api/plan` returns
 * and what the API edits and applies again (one schema for files and the API).
 */
export async function planFromStore(store: Store, pairId: string): Promise<PlanInput | null> {
  const pair = await getPairItem(store, pairId);
  if (!pair) return null;
  const partners = await listPartners(store, pairId);
  const order = (pair.partnerIds as string[] | undefined) ?? partners.map((p) => p.partnerId);
  const definitions = await withoutEndedSupporters(store, pairId, await listDefinitions(store, pairId));
  const of = (type: string) => definitions.filter((d) => d.type === type).map((d) => d.data);
  return {
    pair: {
      id: pairId,
      name: String(pair.name),
      share: (pair.share as Plan['pair']['share']) ?? 'kept-only',
      ...(pair.summary ? { summary: pair.summary as Plan['pair']['summary'] } : {}),
      ...(pair.sharedWindow ? { sharedWindow: pair.sharedWindow as Plan['pair']['sharedWindow'] } : {}),
    },
    partners: order
      .map((id) => partners.find((p) => p.partnerId === id))
      .filter((p) => p !== undefined)
      .map((p) => ({
        id: p.partnerId,
        name: p.name,
        ...(p.phone ? { phone: p.phone } : {}),
        ...(p.email ? { email: p.email } : {}),
        timezone: p.timezone,
        channel: p.channel,
        ...(p.quietHours ? { quietHours: p.quietHours } : {}),
        consent: p.consent === 'confirmed' ? ('confirmed' as const) : ('pending' as const),
        ...(pulseSharers(of('pulse')[0]).includes(p.partnerId) ? { sharePulse: true } : {}),
      })),
    commitments: of('commitment') as PlanInput['commitments'],
    rituals: of('ritual') as PlanInput['rituals'],
    affirmations: of('affirmation') as PlanInput['affirmations'],
    ...practicesFromDefinitions(of),
  };
}

import { json, type Route } from '../http/types.ts';
import { pulseHistory, visiblePulses } from '../practices/pulse-summary.ts';
import type { Pulse } from '../store/pulse-repository.ts';
import { listDefinitions } from '../store/pair-repository.ts';
import { listPartners } from '../store/partner-repository.ts';
import { asMember, type ApiDeps } from './api-context.ts';

const points = (pulses: Pulse[]) => pulses.map((p) => ({ at: p.occurrenceAt, value: p.value! }));

/**
 * The weekly pulse trend for the dashboard: the caller's own answers, and the other partner's
 * only while they share theirs (the same rule as the summary: visiblePulses). Unanswered
 * questions are not points.
 */
export function pulseRoutes(deps: ApiDeps): Route[] {
  const { now } = deps;
  return [
    {
      method: 'GET',
      path: '/api/pulse',
      handle: asMember(deps, async (caller) => {
        const { pairId, partnerId } = caller.partner;
        const [definitions, partners] = await Promise.all([
          listDefinitions(deps.store, pairId),
          listPartners(deps.store, pairId),
        ]);
        const history = await pulseHistory(deps.store, pairId, definitions, now());
        if (!history) return json(200, { asked: false, sharing: false, mine: [] });
        const other = partners.find((p) => p.partnerId !== partnerId);
        const visible = visiblePulses(history, partnerId, other?.partnerId);
        return json(200, {
          asked: true,
          sharing: history.sharers.includes(partnerId),
          mine: points(visible.mine),
          ...(visible.theirs && other ? { theirs: { name: other.name, points: points(visible.theirs) } } : {}),
        });
      }),
    },
  ];
}

import { errorResponse, json, type Route } from '../http/types.ts';
import { listDefinitions, type StoredDefinition } from '../store/pair-repository.ts';
import { listPartners } from '../store/partner-repository.ts';
import { listAgreements } from '../store/supporter-repository.ts';
import { removeSupporters } from '../supporters/remove-supporters.ts';
import { asMember, type ApiDeps } from './api-context.ts';

/** Where a supporter stands, as the dashboard shows it. */
export type SupporterState = 'pending-agreement' | 'waiting-for-supporter' | 'confirmed';

/**
 * A supporter's state from what is stored. `status` is the agreement's (asking / agreed /
 * confirmed / declined / removed) when there is one; without it, the plan's `consent`. An
 * ended one (null) is not listed; a status this code does not know yet reads as pending.
 */
export function supporterState(consent: unknown, status?: string): SupporterState | null {
  if (status === 'declined' || status === 'removed') return null;
  if (status === 'confirmed' || (status === undefined && consent === 'confirmed')) return 'confirmed';
  if (status === 'agreed') return 'waiting-for-supporter';
  return 'pending-agreement';
}

const view = (definition: StoredDefinition, status: string | undefined) => {
  const state = supporterState(definition.data.consent, status);
  // Their name and where they stand: the address stays in the plan, not on every page.
  return state ? { id: definition.id, name: String(definition.data.name), state } : null;
};

/** The pair's supporters (a counsellor, a friend) and removing one: the use case SUPPORTER OFF runs, for that one supporter. */
export function supporterRoutes(deps: ApiDeps): Route[] {
  const { now } = deps;
  return [
    {
      method: 'GET',
      path: '/api/supporters',
      handle: asMember(deps, async (caller) => {
        const [definitions, agreements] = await Promise.all([
          listDefinitions(deps.store, caller.partner.pairId),
          listAgreements(deps.store, caller.partner.pairId),
        ]);
        const statusOf = (id: string) => agreements.find((a) => a.supporterId === id)?.status;
        const supporters = definitions.filter((d) => d.type === 'supporter').map((d) => view(d, statusOf(d.id)));
        return json(200, { supporters: supporters.filter((s) => s !== null) });
      }),
    },
    {
      // Either partner, alone, at once: the supporter's schedule and definition go (anything
      // queued is dropped at send time) and the other partner gets a supporter-removed notice.
      method: 'DELETE',
      path: '/api/supporters/:id',
      handle: asMember(deps, async (caller, _request, params) => {
        const other = (await listPartners(deps.store, caller.partner.pairId)).find(
          (p) => p.partnerId !== caller.partner.partnerId,
        );
        const { removed } = await removeSupporters(deps, {
          pairId: caller.partner.pairId,
          by: caller.partner,
          other,
          now: now(),
          supporterIds: [params.id!],
        });
        if (removed.length === 0) return errorResponse(404, 'not_found', 'No such supporter', 'id');
        return json(200, { removed: params.id, toldPartner: other !== undefined });
      }),
    },
  ];
}

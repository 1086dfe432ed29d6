import { json, type Route } from '../http/types.ts';
import { planFromStore } from '../plan/plan-from-store.ts';
import { asMember, type ApiDeps } from './api-context.ts';
import { authRoutes } from './auth-routes.ts';
import { checkInActionRoutes } from './checkin-action-routes.ts';
import { conversationRoutes } from './conversation-routes.ts';
import { ownRoutes } from './own-routes.ts';
import { collectionRoutes } from './collection-routes.ts';
import { meRoutes } from './me-routes.ts';
import { openApiDocument } from './openapi.ts';
import { withCheckedParams } from './path-params.ts';
import { pulseRoutes } from './pulse-routes.ts';
import { readRoutes } from './read-routes.ts';
import { supporterRoutes } from './supporter-routes.ts';

/**
 * The JSON API under /api (and the calendar feed), the same locally and behind API Gateway.
 * Every path parameter is checked once here (withCheckedParams), not route by route.
 */
export function apiRoutes(deps: ApiDeps): Route[] {
  return everyRoute(deps).map(withCheckedParams);
}

function everyRoute(deps: ApiDeps): Route[] {
  return [
    { method: 'GET', path: '/api/openapi.json', handle: () => json(200, openApiDocument(deps.publicUrl)) },
    ...authRoutes(deps),
    ...meRoutes(deps),
    {
      method: 'GET',
      path: '/api/plan',
      handle: asMember(deps, async (caller) =>
        json(200, { plan: await planFromStore(deps.store, caller.partner.pairId) }),
      ),
    },
    ...collectionRoutes(deps, 'commitments'),
    ...collectionRoutes(deps, 'rituals'),
    ...collectionRoutes(deps, 'affirmations'),
    ...readRoutes(deps),
    ...conversationRoutes(deps),
    ...ownRoutes(deps),
    ...checkInActionRoutes(deps),
    ...supporterRoutes(deps),
    ...pulseRoutes(deps),
  ];
}

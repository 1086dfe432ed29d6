import { apiRoutes } from '../api/api-routes.ts';
import type { ApiDeps } from '../api/api-context.ts';
import { checkInLinkRoutes } from './checkin-link-routes.ts';
import { conversationLinkRoutes } from './conversation-link-routes.ts';
import { joinRoutes } from './join-routes.ts';
import type { Route } from './types.ts';
import { unsubscribeRoutes } from './unsubscribe-routes.ts';
import { supporterLinkRoutes } from './supporter-link-routes.ts';

/**
 * Everything a person reaches by a link or the dashboard: unsubscribe, one-click check-ins,
 * joining by invitation, and the JSON API. Served by `kept start` and by the API Lambda.
 * `secret` signs every kind of link and session.
 */
export function publicRoutes(deps: ApiDeps & { afterAnswer?: () => Promise<void> }): Route[] {
  const linkDeps = {
    store: deps.store,
    queue: deps.queue,
    logger: deps.logger,
    linkSecret: deps.secret,
    now: deps.now,
  };
  return [
    ...unsubscribeRoutes(linkDeps),
    ...checkInLinkRoutes({ ...linkDeps, afterAnswer: deps.afterAnswer }),
    ...joinRoutes(linkDeps),
    ...conversationLinkRoutes({ ...linkDeps, afterAnswer: deps.afterAnswer }),
    ...supporterLinkRoutes({ ...linkDeps, afterAnswer: deps.afterAnswer }),
    ...apiRoutes(deps),
  ];
}

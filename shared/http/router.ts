import { errorResponse, type HttpRequest, type HttpResponse, type Route } from './types.ts';
import type { Logger } from '../util/logger.ts';
import { crossSiteRefusal } from './same-origin.ts';

function match(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const segment = want[i]!;
    if (segment.startsWith(':')) {
      try {
        params[segment.slice(1)] = decodeURIComponent(got[i]!);
      } catch {
        return null;
      }
    } else if (segment !== got[i]) return null;
  }
  return params;
}

/**
 * Dispatches a request to the first matching route, after the cross-site check (see same-origin.ts). Unknown paths get 404, known paths
 * with another method 405; an unexpected error is logged and answered with a plain 500
 * that carries no stack trace.
 */
export function createRouter(
  routes: Route[],
  logger: Logger,
  options: { allowedOrigins?: readonly string[] } = {},
): (request: HttpRequest) => Promise<HttpResponse> {
  return async (request) => {
    let pathMatched = false;
    for (const route of routes) {
      const params = match(route.path, request.path);
      if (!params) continue;
      pathMatched = true;
      if (route.method !== request.method && !(route.method === 'GET' && request.method === 'HEAD')) continue;
      const refusal = route.authorizedBy ? null : crossSiteRefusal(request, options.allowedOrigins);
      if (refusal) return refusal;
      try {
        return await route.handle(request, params);
      } catch (error) {
        logger.error('request failed', { method: request.method, path: route.path, error });
        return errorResponse(
          500,
          'internal',
          'Something went wrong on our side. Nothing was changed; please try again.',
        );
      }
    }
    return pathMatched
      ? errorResponse(405, 'method_not_allowed', `${request.method} is not allowed here`)
      : errorResponse(404, 'not_found', 'No such page');
  };
}

import { errorResponse, type HttpRequest, type HttpResponse } from './types.ts';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Methods whose body a cross-site HTML form or a "simple" fetch can send without a preflight. */
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

function sameOrigin(origin: string, request: HttpRequest, allowedOrigins: readonly string[]): boolean {
  if (allowedOrigins.includes(origin)) return true;
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.host === request.headers.host;
  } catch {
    return false; // "null" (a sandboxed frame, a file) and anything unreadable
  }
}

/**
 * The cross-site request check for routes a session cookie authorizes (the dashboard and API).
 * A browser names where a request comes from (Sec-Fetch-Site, Origin); anything but the same
 * origin is refused, and a body must be JSON, which no cross-site form can send and no
 * cross-site script can send without a CORS preflight Kept never grants. A request with
 * neither header does not come from a browser, so it carries no one else's cookie.
 * Returns the refusal, or null when the request may go on.
 */
export function crossSiteRefusal(request: HttpRequest, allowedOrigins: readonly string[] = []): HttpResponse | null {
  if (!STATE_CHANGING.has(request.method)) return null;
  const site = request.headers['sec-fetch-site'];
  const origin = request.headers.origin;
  const refused = () =>
    errorResponse(403, 'cross_site', 'Requests from another site are refused; use the Kept dashboard itself');
  if (site !== undefined && site !== 'same-origin') return refused();
  if (origin !== undefined && !sameOrigin(origin, request, allowedOrigins)) return refused();
  if (BODY_METHODS.has(request.method) && !/^application\/json\b/i.test(request.headers['content-type'] ?? ''))
    return errorResponse(415, 'unsupported_media_type', 'Send JSON with Content-Type: application/json');
  return null;
}

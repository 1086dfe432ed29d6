/** A runtime-neutral HTTP request: built from Node's request locally, from API Gateway in AWS. */
export interface HttpRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>; // lower-case names
  body: string;
  sourceIp: string;
}

export interface HttpResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export type RouteHandler = (
  request: HttpRequest,
  params: Record<string, string>,
) => Promise<HttpResponse> | HttpResponse;

export interface Route {
  method: string;
  /** A path with :params, e.g. "/c/:token". */
  path: string;
  handle: RouteHandler;
  /**
   * What authorizes this route when it is not a session: a provider's signature (webhooks) or a
   * signed token in its own path (links in messages). Such routes skip the cross-site check,
   * which protects what a session cookie authorizes.
   */
  authorizedBy?: 'signature' | 'link-token';
}

export const json = (status: number, value: unknown, headers: Record<string, string> = {}): HttpResponse => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  body: JSON.stringify(value),
});

/** The JSON error shape every route uses: {error: {code, message, path?}}. */
export const errorResponse = (status: number, code: string, message: string, path?: string): HttpResponse =>
  json(status, { error: { code, message, ...(path ? { path } : {}) } });

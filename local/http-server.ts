import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HttpRequest, HttpResponse } from '../shared/http/types.ts';
import { errorResponse } from '../shared/http/types.ts';

/** Bodies larger than this are refused with 413 before they are read in full. */
export const MAX_BODY_BYTES = 256 * 1024;

class BodyTooLargeError extends Error {}
class InvalidUtf8Error extends Error {}

// Fatal: a byte sequence that is not UTF-8 is refused, never stored as U+FFFD.
const utf8 = new TextDecoder('utf-8', { fatal: true });

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError();
    chunks.push(chunk as Buffer);
  }
  try {
    return utf8.decode(Buffer.concat(chunks));
  } catch {
    throw new InvalidUtf8Error();
  }
}

function toHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/** Names a loopback server answers to, whatever else is configured. */
export const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

/** The host name of a Host header, without its port ("[::1]:3000" -> "[::1]"). */
function hostName(header: string | undefined): string {
  const match = header
    ?.trim()
    .toLowerCase()
    .match(/^(\[[^\]]*\]|[^:]*)(?::\d+)?$/);
  return match?.[1] ?? '';
}

/**
 * Serves a request handler over Node's HTTP server (the local runtime's API Gateway).
 * A request whose Host header names none of `allowedHosts` (plus the loopback names) is refused
 * before it reaches a route: a web page whose own name was made to point at this machine
 * (DNS rebinding) cannot read or change anything.
 */
export async function listen(
  handler: (request: HttpRequest) => Promise<HttpResponse>,
  options: { port: number; host: string; allowedHosts?: readonly string[] },
): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const allowed = new Set([...LOOPBACK_HOSTS, ...(options.allowedHosts ?? []).map((h) => h.toLowerCase())]);
  const server = createServer(async (req, res) => {
    let response: HttpResponse;
    if (!allowed.has(hostName(req.headers.host))) {
      req.resume();
      const refused = errorResponse(421, 'unknown_host', 'This server does not answer to that host name');
      res.writeHead(refused.status, refused.headers);
      res.end(refused.body);
      return;
    }
    try {
      const url = new URL(req.url ?? '/', 'http://local');
      const body = await readBody(req);
      response = await handler({
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: toHeaders(req),
        body,
        sourceIp: req.socket.remoteAddress ?? '',
      });
    } catch (error) {
      response =
        error instanceof BodyTooLargeError
          ? errorResponse(413, 'too_large', `The request body is larger than ${MAX_BODY_BYTES} bytes`)
          : error instanceof InvalidUtf8Error
            ? errorResponse(400, 'invalid_utf8', 'The request body is not valid UTF-8')
            : errorResponse(400, 'bad_request', 'The request could not be read');
    }
    res.writeHead(response.status, { 'x-content-type-options': 'nosniff', ...response.headers });
    res.end(req.method === 'HEAD' ? undefined : response.body);
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    server,
    url: `http://${host === '127.0.0.1' || host === '0.0.0.0' ? 'localhost' : host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

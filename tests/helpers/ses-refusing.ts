import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An SES v2 endpoint in front of aws-ses-v2-local that can be told to refuse the next sends
 * the way SES does (HTTP 400/429 with the error type in `x-amzn-ErrorType`), which the local
 * SES cannot produce; everything else is passed through to it over HTTP.
 */
export async function startRefusingSes(upstream: string) {
  const refusals: Array<{ status: number; type: string; acceptFirst?: boolean }> = [];
  const state = { hideStore: false };
  let requests = 0;
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const refusal =
      req.method === 'POST' && req.url?.startsWith('/v2/email/outbound-emails') ? refusals.shift() : undefined;
    if (req.method === 'POST') requests++;
    // Like real SES: no store to look in, only events.
    if (state.hideStore && req.url?.startsWith('/store')) {
      res.writeHead(404).end();
      return;
    }
    if (refusal?.acceptFirst) await forward(req.method!, req.url!, req.headers, chunks);
    if (refusal) {
      res.writeHead(refusal.status, { 'content-type': 'application/json', 'x-amzn-errortype': refusal.type });
      res.end(JSON.stringify({ message: `refused: ${refusal.type}` }));
      return;
    }
    const answer = await forward(req.method!, req.url!, req.headers, chunks);
    res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
    res.end(Buffer.from(await answer.arrayBuffer()));
  });
  const forward = (method: string, url: string, incoming: Record<string, unknown>, chunks: Buffer[]) =>
    fetch(`${upstream}${url}`, {
      method,
      headers: Object.fromEntries(
        Object.entries(incoming).filter(([name]) => !['host', 'content-length', 'connection'].includes(name)),
      ) as Record<string, string>,
      body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
    });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get sendRequests() {
      return requests;
    },
    refuseNext(...next: Array<{ status: number; type: string }>) {
      refusals.push(...next);
    },
    /** The next send reaches SES, yet the answer is a 500: the outcome is unknown to Kept. */
    acceptThenFail() {
      refusals.push({ status: 500, type: 'InternalFailure', acceptFirst: true });
    },
    /** Hides the local store, so that only SES's events can tell (as with real SES). */
    set hideStore(hide: boolean) {
      state.hideStore = hide;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { json, type Route } from '../shared/http/types.ts';
import { listOutbox } from '../shared/store/message-repository.ts';
import type { Store } from '../shared/store/store.ts';

const webFile = (name: string) => readFileSync(fileURLToPath(new URL(`../web/${name}`, import.meta.url)), 'utf8');

const page = (body: string, type: string) => ({
  status: 200,
  headers: {
    'content-type': `${type}; charset=utf-8`,
    'cache-control': 'no-store',
    'content-security-policy': "default-src 'self'; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  },
  body,
});

/** The local outbox: a page (newest first, refreshing) and the same list as JSON. */
export function outboxRoutes(store: Store): Route[] {
  return [
    { method: 'GET', path: '/', handle: () => ({ status: 302, headers: { location: '/outbox' } }) },
    { method: 'GET', path: '/outbox', handle: () => page(webFile('outbox.html'), 'text/html') },
    { method: 'GET', path: '/outbox.js', handle: () => page(webFile('outbox.js'), 'text/javascript') },
    {
      method: 'GET',
      path: '/outbox.json',
      handle: async (request) => {
        const limit = Math.min(Math.max(Number(request.query.get('limit') ?? 100) || 100, 1), 500);
        return json(200, { messages: await listOutbox(store, limit) });
      },
    },
    { method: 'GET', path: '/healthz', handle: () => json(200, { ok: true }) },
  ];
}

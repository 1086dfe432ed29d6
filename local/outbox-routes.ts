import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import { errorResponse, json, type Route } from '../shared/http/types.ts';

const LocalReplySchema = z.strictObject({
  from: z.string({ error: 'from must be the phone number the text comes from' }).min(1).max(40),
  body: z
    .string({ error: 'body must be the text of the reply' })
    .max(1600, { error: 'body must be at most 1,600 characters' }),
});
import { listOutbox } from '../shared/store/message-repository.ts';
import type { Store } from '../shared/store/store.ts';

const webFile = (name: string) => readFileSync(fileURLToPath(new URL(`../web/${name}`, import.meta.url)), 'utf8');

const page = (body: string, type: string) => ({
  status: 200,
  headers: {
    'content-type': `${type}; charset=utf-8`,
    'cache-control': 'no-store',
    'content-security-policy':
      "default-src 'self'; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  },
  body,
});

export type LocalReply = (from: string, body: string) => Promise<{ outcome: string; reply: string | null }>;

/** The local outbox: a page (newest first, refreshing), the same list as JSON, and answering as a partner. */
export function outboxRoutes(store: Store, reply: LocalReply): Route[] {
  return [
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
    {
      method: 'POST',
      path: '/outbox/reply',
      handle: async (request) => {
        let input: unknown;
        try {
          input = JSON.parse(request.body);
        } catch {
          return errorResponse(400, 'invalid_json', 'The body must be JSON: {"from": "+15555550101", "body": "Y"}');
        }
        const parsed = LocalReplySchema.safeParse(input);
        if (!parsed.success) {
          const issue = parsed.error.issues[0]!;
          return errorResponse(400, 'invalid_reply', issue.message, issue.path.join('.') || undefined);
        }
        return json(200, await reply(parsed.data.from, parsed.data.body));
      },
    },
    { method: 'GET', path: '/healthz', handle: () => json(200, { ok: true }) },
  ];
}

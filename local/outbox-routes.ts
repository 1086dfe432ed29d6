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

/** Whether the process is alive: served whatever the channels are. */
export const healthRoute: Route = { method: 'GET', path: '/healthz', handle: () => json(200, { ok: true }) };

/**
 * The local outbox: a page (newest first, refreshing), the same list as JSON, and answering as a
 * partner. Only served while the outbox is a configured channel: `reply` is given only while SMS
 * goes to the outbox, because with a real provider a text can only come from the person's phone.
 */
export function outboxRoutes(store: Store, reply: LocalReply | null): Route[] {
  const replyRoutes: Route[] = reply
    ? [
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
      ]
    : [];
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
    ...replyRoutes,
  ];
}

import { z } from 'zod';
import { CommitmentSchema, AffirmationSchema, RitualSchema } from '../model/plan.ts';

const error = { $ref: '#/components/schemas/Error' };
const secured = [{ cookie: [] }, { bearer: [] }];
const ok = (description: string) => ({ description, content: { 'application/json': { schema: { type: 'object' } } } });
const errors = {
  400: { description: 'Invalid input (names the field)', content: { 'application/json': { schema: error } } },
  401: { description: 'Not signed in' },
  404: { description: "Not found (including other pairs' data)" },
};
const noInvitation = { description: 'No invitation is waiting for you (no_invitation)' };
const body = (schema: unknown) => ({ required: true, content: { 'application/json': { schema } } });
const item = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });

/**
 * Every path's `{name}` templates declared as path parameters (OpenAPI requires each one),
 * read from the path itself so that a route added later cannot leave one out.
 */
function withPathParameters(paths: Record<string, Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(paths).map(([path, item]) => {
      const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
      if (names.length === 0) return [path, item];
      const parameters = names.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
      return [path, { parameters, ...item }];
    }),
  );
}

/** The API's OpenAPI 3.1 description, served at /api/openapi.json. Item schemas come from the plan schema itself. */
export function openApiDocument(serverUrl: string): Record<string, unknown> {
  const crud = (name: string, schemaRef: string) => ({
    [`/api/${name}`]: {
      post: {
        summary: `Add to ${name}`,
        security: secured,
        requestBody: body({ $ref: schemaRef }),
        responses: { 200: ok('The plan as changed'), ...errors },
      },
    },
    [`/api/${name}/{id}`]: {
      put: {
        summary: `Change one of ${name}`,
        security: secured,
        requestBody: body({ $ref: schemaRef }),
        responses: { 200: ok('The plan as changed'), ...errors },
      },
      delete: {
        summary: `Remove one of ${name}`,
        security: secured,
        responses: { 200: ok('The plan as changed'), ...errors },
      },
    },
  });
  return {
    openapi: '3.1.0',
    info: {
      title: 'Kept API',
      version: '1.0.0',
      description: "Reminders and rituals for couples. Every route works only on the caller's own pair.",
    },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: {
        cookie: { type: 'apiKey', in: 'cookie', name: 'kept_session' },
        bearer: { type: 'http', scheme: 'bearer' },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: { code: { type: 'string' }, message: { type: 'string' }, path: { type: 'string' } },
            },
          },
        },
        Commitment: item(CommitmentSchema.omit({ id: true, owner: true })),
        Ritual: item(RitualSchema.omit({ id: true })),
        Affirmation: item(AffirmationSchema.omit({ id: true, from: true })),
      },
    },
    paths: withPathParameters({
      '/api/auth/start': {
        post: {
          summary: 'Send a 6-digit sign-in code by SMS or email',
          requestBody: body({
            oneOf: [
              { type: 'object', properties: { phone: { type: 'string' } }, required: ['phone'] },
              { type: 'object', properties: { email: { type: 'string' } }, required: ['email'] },
            ],
          }),
          responses: {
            202: ok('Sent (the same answer whether or not the number is known)'),
            400: errors[400],
            429: { description: 'Rate-limited' },
          },
        },
      },
      '/api/auth/verify': {
        post: {
          summary: 'Exchange the code for a session (cookie and bearer token)',
          requestBody: body({
            type: 'object',
            properties: {
              phone: { type: 'string' },
              email: { type: 'string' },
              code: { type: 'string', pattern: '^\\d{6}$' },
            },
            required: ['code'],
          }),
          responses: { 200: ok('Signed in'), 400: errors[400], 429: { description: 'Too many attempts' } },
        },
      },
      '/api/auth/signout': {
        post: {
          summary: 'Sign out: the session ends at once (cookie and bearer)',
          responses: { 200: ok('Signed out') },
        },
      },
      '/api/calendar/rotate': {
        post: {
          summary: 'A new secret calendar feed URL; the old one stops working',
          security: secured,
          responses: { 200: ok('The new URL'), ...errors },
        },
      },
      '/api/invitation/accept': {
        post: {
          summary: 'Accept the invitation to a pair (your consent, recorded)',
          security: secured,
          responses: { 200: ok('Joined'), 401: errors[401], 409: noInvitation },
        },
      },
      '/api/invitation/decline': {
        post: {
          summary: 'Decline the invitation to a pair',
          security: secured,
          responses: { 200: ok('Declined'), 401: errors[401], 409: noInvitation },
        },
      },
      '/api/auth/signout-everywhere': {
        post: { summary: 'End every session of the signed-in person', responses: { 200: ok('Signed out everywhere') } },
      },
      '/api/me': {
        get: {
          summary: 'Who you are, your pair and settings',
          security: secured,
          responses: { 200: ok('You'), 401: errors[401] },
        },
        patch: {
          summary: 'Change your settings (name, timezone, channel, quietHours, sharePulse)',
          security: secured,
          requestBody: body({ type: 'object' }),
          responses: { 200: ok('Changed'), ...errors },
        },
        delete: {
          summary: 'Erase your data everywhere (consent evidence is kept 4 years, hashed)',
          security: secured,
          responses: { 200: ok('Erased'), 401: errors[401] },
        },
      },
      '/api/pairs': {
        post: {
          summary: 'Create a pair and invite your partner',
          security: secured,
          requestBody: body({
            type: 'object',
            properties: {
              pairName: { type: 'string' },
              name: { type: 'string' },
              timezone: { type: 'string' },
              invite: { type: 'object' },
            },
          }),
          responses: { 201: ok('Created'), ...errors, 409: { description: 'Already in a pair' } },
        },
      },
      '/api/me/pause': {
        post: {
          summary: 'Pause for a number of days',
          security: secured,
          requestBody: body({ type: 'object', properties: { days: { type: 'integer', minimum: 1, maximum: 90 } } }),
          responses: { 200: ok('Paused'), ...errors },
        },
      },
      '/api/me/resume': {
        post: { summary: 'End a pause', security: secured, responses: { 200: ok('Resumed'), ...errors } },
      },
      '/api/me/leave': {
        post: {
          summary: 'Leave the pair (your partner is not told why)',
          security: secured,
          responses: { 200: ok('Left'), ...errors },
        },
      },
      ...crud('commitments', '#/components/schemas/Commitment'),
      ...crud('rituals', '#/components/schemas/Ritual'),
      ...crud('affirmations', '#/components/schemas/Affirmation'),
      '/api/plan': {
        get: {
          summary: "Your pair's plan, in the plan file format",
          security: secured,
          responses: { 200: ok('The plan'), ...errors },
        },
      },
      '/api/weeks': {
        get: {
          summary: "This and past weeks' statistics",
          security: secured,
          parameters: [{ name: 'count', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 26 } }],
          responses: { 200: ok('Weeks'), ...errors },
        },
      },
      '/api/checkins': {
        get: {
          summary: 'The check-in log with answers',
          security: secured,
          responses: { 200: ok('Check-ins'), ...errors },
        },
      },
      '/api/messages': {
        get: { summary: 'Messages sent to you', security: secured, responses: { 200: ok('Messages'), ...errors } },
      },
      '/api/upcoming': {
        get: {
          summary: 'Messages you will get in the next days',
          security: secured,
          responses: { 200: ok('Upcoming'), ...errors },
        },
      },
      '/api/export': {
        get: { summary: 'All your data as JSON', security: secured, responses: { 200: ok('Your data'), ...errors } },
      },
      '/api/calendar': {
        get: {
          summary: 'Your secret calendar feed URL (/cal/{token}.ics)',
          security: secured,
          responses: { 200: ok('The URL'), ...errors },
        },
      },
      '/api/conversations': {
        get: {
          summary: "Conversation prompts: your answers, and your partner's once both answered",
          security: secured,
          responses: { 200: ok('Conversations, newest first'), ...errors },
        },
      },
      '/api/checkins/{key}/own': {
        post: {
          summary: 'Own a miss of yours (body {"note"}): your partner gets a repair note; it counts half',
          security: secured,
          responses: { 200: ok('Owned'), ...errors },
        },
      },
      '/api/pair': {
        patch: {
          summary: 'Change the pair\'s weekly summary (body {"summary": {"day", "at", "channel"}})',
          security: secured,
          responses: { 200: ok('The plan after the change'), ...errors },
        },
      },
      '/api/checkins/{key}/answer': {
        post: {
          summary:
            'Answer your open check-in (body {"answer": "Y"|"N"|"SKIP"} or {"count"} for a goal): the same rules as a text reply',
          security: secured,
          responses: { 200: ok('Logged'), ...errors },
        },
      },
      '/api/checkins/{key}/thanks': {
        post: {
          summary: 'Thank your partner for a kept notice (or repair note) you were sent in the last 7 days',
          security: secured,
          responses: { 200: ok('Thanked'), ...errors },
        },
      },
      '/api/conversations/{at}/answer': {
        post: {
          summary:
            'Answer the open conversation prompted at this time (body {"text"}): the first answer stands; both are revealed once both answered',
          security: secured,
          responses: { 200: ok('Answered'), ...errors },
        },
        delete: {
          summary:
            'Delete your own answer to the conversation prompted at this time (409 reveal_pending while the reveal of it to your partner is still planned)',
          security: secured,
          responses: { 200: ok('Deleted'), ...errors },
        },
      },
      '/api/checkins/{key}/undo': {
        post: {
          summary: 'Take back your latest answer to this check-in, within an hour of giving it',
          security: secured,
          responses: { 200: ok('Undone'), ...errors },
        },
      },
      '/api/supporters': {
        get: {
          summary:
            "Your pair's supporters and where each stands: pending-agreement, waiting-for-supporter or confirmed",
          security: secured,
          responses: { 200: ok('Supporters'), ...errors },
        },
      },
      '/api/supporters/{id}/answer': {
        post: {
          summary:
            'Your yes or no to a supporter request waiting for you (body {"agree": true|false}), as SUPPORTER YES / NO by text',
          security: secured,
          responses: { 200: ok('Answered'), ...errors },
        },
      },
      '/api/supporters/{id}': {
        delete: {
          summary: 'Remove a supporter at once (like SUPPORTER OFF, for this one); your partner is told',
          security: secured,
          responses: { 200: ok('Removed'), ...errors },
        },
      },
      '/api/pulse': {
        get: {
          summary: "Your weekly pulse answers (the last 60 days), and your partner's only while they share theirs",
          security: secured,
          responses: { 200: ok('Pulse trend'), ...errors },
        },
      },
    }),
  };
}

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../local/cli.ts';
import { startServer } from '../../local/commands/start.ts';
import { readLocalSettings } from '../../shared/config/local-settings.ts';
import { connectStore } from '../../local/embedded-store.ts';
import { getPartner } from '../../shared/store/partner-repository.ts';
import type { Store } from '../../shared/store/store.ts';
import { HOSTILE_INPUTS, HOSTILE_STRINGS } from '../helpers/hostile-corpus.ts';
import { examplePlan } from '../helpers/plans.ts';
import { startSesLocal } from '../helpers/ses-local.ts';
import { startTwilioFake } from '../helpers/twilio-fake.ts';
import { sesLocalSettings, twilioFakeSettings } from '../helpers/provider-settings.ts';

const SID = `AC${'4'.repeat(32)}`;
const TOKEN = 'back-door-test-token';
const SAM = '+15555550101';
const quiet = { info() {}, error() {} };

/** A running `kept start` on a fresh data folder with the example plan applied. */
async function running(env: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'kept-doors-'));
  const data = join(dir, 'data');
  const server = await startServer(readLocalSettings({ ...env, KEPT_DATA_DIR: data, KEPT_PORT: '0' }), quiet);
  writeFileSync(join(dir, 'plan.json'), JSON.stringify(examplePlan()));
  expect(await main(['apply', join(dir, 'plan.json'), '--data', data], quiet)).toBe(0);
  const store = await connectStore(server.storeEndpoint);
  return {
    server,
    store,
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** What the attacks try to change: Sam's opt-out, pause and consent. */
const samState = async (store: Store) => {
  const sam = await getPartner(store, 'sam-alex', 'sam');
  return { optedOut: sam?.smsOptedOut ?? false, paused: sam?.pausedUntil ?? null, consent: sam?.consent };
};

/** A raw HTTP request, so the Host header can be anything (fetch always sends the real one). */
function raw(url: string, options: { method?: string; headers?: Record<string, string>; body?: string }) {
  const target = new URL(url);
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: options.method ?? 'GET',
        headers: options.headers,
      },
      (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('with a real SMS provider and real email, the outbox does not exist', () => {
  let twilio: Awaited<ReturnType<typeof startTwilioFake>>;
  let ses: Awaited<ReturnType<typeof startSesLocal>>;
  let kept: Awaited<ReturnType<typeof running>>;
  beforeAll(async () => {
    twilio = await startTwilioFake(SID, TOKEN);
    ses = await startSesLocal();
    kept = await running({ ...twilioFakeSettings(twilio, SID, TOKEN), ...sesLocalSettings(ses) });
  });
  afterAll(async () => {
    await kept?.stop();
    await twilio?.close();
    await ses?.close();
  });

  it('an unsigned STOP or PAUSE "from" the victim is not found, and changes nothing', async () => {
    const before = await samState(kept.store);
    for (const body of ['STOP', 'PAUSE 90']) {
      const response = await fetch(`${kept.server.url}/outbox/reply`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ from: SAM, body }),
      });
      expect(response.status).toBe(404);
    }
    expect(await samState(kept.store)).toEqual(before);
    expect(before.optedOut).toBe(false);
  });

  it('the outbox page and its JSON are not served (a sign-in code cannot be read there)', async () => {
    expect(
      (
        await fetch(`${kept.server.url}/api/auth/start`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'alex@example.com' }),
        })
      ).status,
    ).toBe(202);
    for (const path of ['/outbox', '/outbox.json', '/outbox.js']) {
      expect((await fetch(`${kept.server.url}${path}`)).status).toBe(404);
    }
    expect((await fetch(`${kept.server.url}/healthz`)).status).toBe(200);
  });
});

describe('with a real SMS provider and email in the local outbox', () => {
  let twilio: Awaited<ReturnType<typeof startTwilioFake>>;
  let kept: Awaited<ReturnType<typeof running>>;
  beforeAll(async () => {
    twilio = await startTwilioFake(SID, TOKEN);
    kept = await running({
      TWILIO_ACCOUNT_SID: SID,
      TWILIO_AUTH_TOKEN: TOKEN,
      TWILIO_FROM: '+15550001111',
      TWILIO_API_URL: twilio.url,
    });
  });
  afterAll(async () => {
    await kept?.stop();
    await twilio?.close();
  });

  it('answering "by text" from the outbox is not possible: texts come only from phones', async () => {
    const before = await samState(kept.store);
    const response = await fetch(`${kept.server.url}/outbox/reply`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: SAM, body: 'STOP' }),
    });
    expect(response.status).toBe(404);
    expect(await samState(kept.store)).toEqual(before);
    expect((await fetch(`${kept.server.url}/outbox.json`)).status).toBe(200); // email still lands there
  });
});

describe('in plain local mode', () => {
  let kept: Awaited<ReturnType<typeof running>>;
  beforeAll(async () => {
    kept = await running({});
  });
  afterAll(() => kept?.stop());

  it('listens on loopback only by default', () => {
    expect(readLocalSettings({}).KEPT_HOST).toBe('127.0.0.1');
    const address = kept.server.url;
    expect(address).toMatch(/^http:\/\/localhost:\d+$/);
  });

  it('refuses a Host header it does not answer to (DNS rebinding), before any route runs', async () => {
    const before = await samState(kept.store);
    const url = kept.server.url;
    for (const path of ['/outbox.json', '/api/me']) {
      const response = await raw(`${url}${path}`, { headers: { host: 'attacker.example:80' } });
      expect(response.status).toBe(421);
      expect(response.body).not.toContain('sign-in');
    }
    const reply = await raw(`${url}/outbox/reply`, {
      method: 'POST',
      headers: { host: 'rebound.attacker.example', 'content-type': 'application/json' },
      body: JSON.stringify({ from: SAM, body: 'STOP' }),
    });
    expect(reply.status).toBe(421);
    expect(await samState(kept.store)).toEqual(before);
    // The names it does answer to.
    const port = new URL(url).port;
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`]) {
      expect((await raw(`${url}/healthz`, { headers: { host } })).status).toBe(200);
    }
  });

  it('a reply posted from another origin, or not as JSON, changes nothing', async () => {
    const before = await samState(kept.store);
    const attempts: Array<Record<string, string>> = [
      { 'content-type': 'application/json', origin: 'http://localhost:1' },
      { 'content-type': 'application/json', 'sec-fetch-site': 'same-site' },
      { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' },
      { 'content-type': 'application/json', origin: 'null' },
      { 'content-type': 'text/plain' },
      { 'content-type': 'application/x-www-form-urlencoded' },
    ];
    for (const headers of attempts) {
      const response = await fetch(`${kept.server.url}/outbox/reply`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ from: SAM, body: 'STOP' }),
      });
      expect([403, 415], JSON.stringify(headers)).toContain(response.status);
    }
    expect(await samState(kept.store)).toEqual(before);
    // The outbox page itself (same origin, JSON) still works.
    const own = await fetch(`${kept.server.url}/outbox/reply`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: kept.server.url, 'sec-fetch-site': 'same-origin' },
      body: JSON.stringify({ from: SAM, body: 'HELP' }),
    });
    expect(own.status).toBe(200);
  });
});

describe('feeds and input, against kept start', () => {
  let kept: Awaited<ReturnType<typeof running>>;
  beforeAll(async () => {
    kept = await running({});
  });
  afterAll(() => kept?.stop());

  it('refuses a body that is not valid UTF-8 with 400, and stores nothing', async () => {
    const before = await samState(kept.store);
    const bytes = Buffer.concat([
      Buffer.from('{"from":"+15555550101","body":"ST'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('OP"}'),
    ]);
    for (const path of ['/outbox/reply', '/api/auth/start']) {
      const response = await fetch(`${kept.server.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: bytes,
      });
      expect(response.status, path).toBe(400);
      expect((await response.json()).error.code).toBe('invalid_utf8');
    }
    expect(await samState(kept.store)).toEqual(before);
  });

  it('the hostile-input corpus against the outbox reply route: a 4xx or a harmless reply, never a 500', async () => {
    const strings = HOSTILE_STRINGS;
    const malformed = HOSTILE_INPUTS.malformedJson!;
    const bodies = [
      ...malformed,
      ...strings.map((s) => JSON.stringify({ from: s, body: 'Y' })),
      ...strings.map((s) => JSON.stringify({ from: '+15555559999', body: s })),
    ];
    for (const body of bodies) {
      for (const origin of [undefined, 'http://localhost:1']) {
        const response = await fetch(`${kept.server.url}/outbox/reply`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(origin ? { origin } : {}) },
          body,
        });
        expect(response.status, body.slice(0, 40)).toBeLessThan(500);
        if (origin) expect(response.status).toBe(403);
      }
    }
  });
});

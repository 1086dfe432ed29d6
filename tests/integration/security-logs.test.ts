import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../local/cli.ts';
import { startServer, type RunningServer } from '../../local/commands/start.ts';
import { readLocalSettings } from '../../shared/config/local-settings.ts';
import { redactText } from '../../shared/util/redact.ts';
import { examplePlan } from '../helpers/plans.ts';

const SAM = '+15555550101';
const ALEX = '+447700900123';
const EMAIL = 'sam@example.com';
const clock = { now: Date.parse('2026-11-23T12:00:00Z') };
const lines: string[] = [];
let dir: string;
let server: RunningServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kept-logs-'));
  const data = join(dir, 'data');
  const out = { info: (line: string) => lines.push(line), error: (line: string) => lines.push(line) };
  server = await startServer(readLocalSettings({ KEPT_DATA_DIR: data, KEPT_PORT: '0' }), out, () => clock.now);
  const plan = examplePlan();
  plan.partners[0]!.channel = 'both';
  writeFileSync(join(dir, 'plan.json'), JSON.stringify(plan));
  expect(await main(['apply', join(dir, 'plan.json'), '--data', data], out)).toBe(0);
}, 60_000);
afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const post = (path: string, body: unknown, token?: string) =>
  fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
const outbox = async (): Promise<Array<{ kind: string; to: string; body: string }>> =>
  (await (await fetch(`${server.url}/outbox.json?limit=500`)).json()).messages;

describe('the logs of a full scenario', () => {
  it('hold no sign-in code, token, full number or address (plain or URL-encoded)', async () => {
    const secrets = new Set<string>([SAM, ALEX, EMAIL, encodeURIComponent(SAM), encodeURIComponent(EMAIL)]);
    // Sign in by email (the code and a link with the address in it) and by text; sign out.
    for (const identity of [{ email: EMAIL }, { phone: SAM }]) {
      expect((await post('/api/auth/start', identity)).status).toBe(202);
      const to = 'email' in identity ? identity.email : identity.phone;
      const code = (await outbox()).find((m) => m.kind === 'sign-in-code' && m.to === to)!.body.match(/\d{6}/)![0];
      secrets.add(code);
      const { token } = await (await post('/api/auth/verify', { ...identity, code })).json();
      secrets.add(token);
      expect((await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
      await post('/api/auth/signout', {}, token);
      await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${token}` } }); // a 401, logged or not
    }
    // A day of messages (check-ins by text and by email with one-click links), answers, STOP.
    for (const at of ['2026-11-23T13:00:00Z', '2026-11-24T01:00:00Z', '2026-11-24T08:00:00Z']) {
      clock.now = Date.parse(at);
      await server.engine.runOnce();
    }
    await post('/outbox/reply', { from: SAM, body: 'Y' });
    await post('/outbox/reply', { from: ALEX, body: 'THANKS' });
    await post('/outbox/reply', { from: ALEX, body: 'STOP' });
    await server.engine.drain();
    const calendar = await (
      await fetch(`${server.url}/api/calendar`, {
        headers: { authorization: `Bearer ${await signIn()}` },
      })
    ).json();
    secrets.add(
      new URL(calendar.url).pathname
        .split('/')
        .pop()!
        .replace(/\.ics$/, ''),
    );
    for (const message of await outbox())
      for (const [, token] of message.body.matchAll(/\/(?:c|j|u|cal)\/([\w.-]+)/g)) secrets.add(token!);
    expect(lines.length).toBeGreaterThan(10);
    expect(lines.some((l) => l.includes('sign-in code sent'))).toBe(true);
    const log = lines.join('\n');
    for (const secret of secrets) expect(log.includes(secret), `the log contains ${redactText(secret)}`).toBe(false);
    expect(log).not.toMatch(/sign-in code is \d/);
  });
});

/** A fresh session for Sam, by email. */
async function signIn(): Promise<string> {
  clock.now += 11 * 60_000;
  await post('/api/auth/start', { email: EMAIL });
  const code = (await outbox()).filter((m) => m.kind === 'sign-in-code' && m.to === EMAIL)[0]!.body.match(/\d{6}/)![0];
  return (await (await post('/api/auth/verify', { email: EMAIL, code })).json()).token;
}

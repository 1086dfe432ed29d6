import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../local/cli.ts';
import { startServer, type RunningServer } from '../../local/commands/start.ts';
import { readLocalSettings } from '../../shared/config/local-settings.ts';
import { connectStore } from '../../local/embedded-store.ts';
import { getPartner } from '../../shared/store/partner-repository.ts';
import type { Store } from '../../shared/store/store.ts';
import { browserAvailable, CHROMIUM, CHROMIUM_ARGS } from '../helpers/browser.ts';
import { examplePlan } from '../helpers/plans.ts';

const hasBrowser = browserAvailable();
const SAM = '+15555550101';
let dir: string;
let server: RunningServer;
let store: Store;
let browser: Browser;
let attacker: Server;
let attackerUrl: string;

beforeAll(async () => {
  if (!hasBrowser) return;
  dir = mkdtempSync(join(tmpdir(), 'kept-xsite-'));
  const data = join(dir, 'data');
  const quiet = { info() {}, error() {} };
  server = await startServer(readLocalSettings({ KEPT_DATA_DIR: data, KEPT_PORT: '0' }), quiet);
  writeFileSync(join(dir, 'plan.json'), JSON.stringify(examplePlan()));
  expect(await main(['apply', join(dir, 'plan.json'), '--data', data], quiet)).toBe(0);
  store = await connectStore(server.storeEndpoint);
  // Another origin of the same site (another port on localhost): the session cookie is sent
  // there even with SameSite=Strict, so only the origin check stands between it and Kept.
  attacker = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>Free quiz</title><iframe name="sink"></iframe>');
  });
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  attackerUrl = `http://localhost:${(attacker.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await new Promise((resolve) => attacker?.close(resolve));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Signs Sam in on Kept's own page, the way the dashboard does, so the browser holds the cookie. */
async function signedInContext(): Promise<BrowserContext> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url);
  await page.evaluate(async (phone) => {
    const post = (path: string, body: unknown) =>
      fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await post('/api/auth/start', { phone });
    const { messages } = await (await fetch('/outbox.json')).json();
    const code = messages
      .find((m: { kind: string; to: string }) => m.kind === 'sign-in-code' && m.to === phone)
      .body.match(/\d{6}/)[0];
    const verified = await post('/api/auth/verify', { phone, code });
    if (!verified.ok) throw new Error(`sign-in failed: ${verified.status}`);
  }, SAM);
  expect(await page.evaluate(async () => (await fetch('/api/me')).status)).toBe(200);
  await page.close();
  return context;
}

const samState = async () => {
  const sam = await getPartner(store, 'sam-alex', 'sam');
  return { exists: sam !== null, optedOut: sam?.smsOptedOut ?? false, paused: sam?.pausedUntil ?? null };
};

describe.runIf(hasBrowser)("a page on another origin, in the signed-in person's browser", () => {
  it('cannot make them leave, pause, or STOP, by fetch or by form, and cannot read their data', async () => {
    const context = await signedInContext();
    const before = await samState();
    const page = await context.newPage();
    await page.goto(attackerUrl);
    const outcome = await page.evaluate(
      async ({ kept, phone }) => {
        const results: Record<string, string> = {};
        const attempt = async (name: string, run: () => Promise<Response>) => {
          try {
            const response = await run();
            results[name] = `answered ${response.type} ${response.status}`;
          } catch (error) {
            results[name] = `blocked: ${(error as Error).message}`;
          }
        };
        // "Simple" requests: no preflight, the cookie goes along, the answer is opaque.
        await attempt('leave text/plain', () =>
          fetch(`${kept}/api/me/leave`, {
            method: 'POST',
            mode: 'no-cors',
            credentials: 'include',
            headers: { 'content-type': 'text/plain' },
            body: '{}',
          }),
        );
        await attempt('pause text/plain', () =>
          fetch(`${kept}/api/me/pause`, {
            method: 'POST',
            mode: 'no-cors',
            credentials: 'include',
            headers: { 'content-type': 'text/plain' },
            body: '{"days":90}',
          }),
        );
        await attempt('outbox STOP text/plain', () =>
          fetch(`${kept}/outbox/reply`, {
            method: 'POST',
            mode: 'no-cors',
            headers: { 'content-type': 'text/plain' },
            body: JSON.stringify({ from: phone, body: 'STOP' }),
          }),
        );
        // JSON needs a preflight Kept never grants.
        await attempt('leave json', () =>
          fetch(`${kept}/api/me/leave`, {
            method: 'POST',
            credentials: 'include',
            headers: { 'content-type': 'application/json' },
            body: '{}',
          }),
        );
        await attempt('erase', () => fetch(`${kept}/api/me`, { method: 'DELETE', credentials: 'include' }));
        await attempt('read plan', () => fetch(`${kept}/api/plan`, { credentials: 'include' }));
        await attempt('read outbox', () => fetch(`${kept}/outbox.json`));
        // A plain HTML form, posted into a hidden frame.
        for (const [path, enctype] of [
          ['/api/me/leave', 'text/plain'],
          ['/api/me/pause', 'application/x-www-form-urlencoded'],
          ['/outbox/reply', 'text/plain'],
        ]) {
          const form = document.createElement('form');
          form.method = 'POST';
          form.action = `${kept}${path}`;
          form.enctype = enctype!;
          form.target = 'sink';
          const input = document.createElement('input');
          input.name = `{"from":"${phone}","body":"STOP","x":"`;
          input.value = '"}';
          form.append(input);
          document.body.append(form);
          const loaded = new Promise((resolve) =>
            document.querySelector('iframe')!.addEventListener('load', resolve, { once: true }),
          );
          form.submit();
          await loaded;
        }
        return results;
      },
      { kept: server.url, phone: SAM },
    );
    // Requests the browser let through were answered, and refused; the others never got a readable answer.
    for (const name of ['leave json', 'erase', 'read plan', 'read outbox'])
      expect(outcome[name], name).toMatch(/^blocked/);
    expect(await samState()).toEqual(before);
    expect(before).toEqual({ exists: true, optedOut: false, paused: null });
    // And the same browser, on Kept itself, still works.
    const own = await context.newPage();
    await own.goto(server.url);
    expect(await own.evaluate(async () => (await fetch('/api/me')).status)).toBe(200);
    await context.close();
  });

  it('gets a session cookie that is HttpOnly and SameSite=Strict', async () => {
    const context = await signedInContext();
    const [cookie] = await context.cookies(server.url);
    expect(cookie).toMatchObject({ name: 'kept_session', httpOnly: true, sameSite: 'Strict' });
    await context.close();
  });
});

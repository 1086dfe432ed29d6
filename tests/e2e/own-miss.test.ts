import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../local/cli.ts';
import { startServer, type RunningServer } from '../../local/commands/start.ts';
import { readLocalConfig } from '../../local/config.ts';
import { browserAvailable, CHROMIUM, CHROMIUM_ARGS } from '../helpers/browser.ts';
import { examplePlan } from '../helpers/plans.ts';

const hasBrowser = browserAvailable();
const SAM = '+15555550101';
const ALEX = '+447700900123';
// `kept apply` runs on the real clock, so the server's clock starts there too.
const clock = { now: Date.now() };

/** The next weekday check-in (20:00 New York = 01:00 UTC, Tuesday to Saturday in UTC) after `from`. */
function nextCheckIn(from: number): number {
  for (let day = Math.floor(from / 86_400_000) + 1; ; day++) {
    const at = day * 86_400_000 + 3_600_000;
    const weekday = new Date(at).getUTCDay();
    if (at > from + 3_600_000 && weekday >= 2 && weekday <= 6) return at;
  }
}
let dir: string;
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  if (!hasBrowser) return;
  dir = mkdtempSync(join(tmpdir(), 'kept-e2e-own-'));
  const data = join(dir, 'data');
  const quiet = { info() {}, error() {} };
  server = await startServer(readLocalConfig({ KEPT_DATA_DIR: data, KEPT_PORT: '0' }), quiet, {}, () => clock.now);
  writeFileSync(join(dir, 'plan.json'), JSON.stringify({ ...examplePlan(), rituals: [], affirmations: [] }));
  expect(await main(['apply', join(dir, 'plan.json'), '--data', data], quiet)).toBe(0);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const outbox = async () =>
  (await (await fetch(`${server.url}/outbox.json`)).json()).messages as Array<{
    kind: string;
    to: string;
    body: string;
  }>;

describe.runIf(hasBrowser)('owning a miss in the dashboard', () => {
  it('a miss in the check-in log offers "Own it"; the partner gets the repair note', async () => {
    // A weekday 20:00 New York: the check-in goes out, and nobody answers it for a day.
    const checkInAt = nextCheckIn(clock.now);
    clock.now = checkInAt;
    await server.engine.runOnce();
    clock.now = checkInAt + 25 * 3_600_000;
    await server.engine.runOnce();

    const page = await browser.newPage();
    await page.goto(server.url);
    await page.getByLabel('Your mobile number or email').fill(SAM);
    await page.getByRole('button', { name: 'Send me a code' }).click();
    await page.getByLabel('The 6-digit code we sent you').waitFor();
    const code = (await outbox()).find((m) => m.kind === 'sign-in-code' && m.to === SAM)!.body.match(/\d{6}/)![0];
    await page.getByLabel('The 6-digit code we sent you').fill(code);
    await page.getByRole('button', { name: 'Sign in' }).click();

    const log = page.locator('#log');
    const miss = log.locator('li', { hasText: 'Call Alex at lunch: unanswered' });
    await miss.waitFor();
    await miss.getByLabel(/Own it/).fill("I forgot. I'm setting a 12:30 alarm.");
    await miss.getByRole('button', { name: 'Own it' }).click();
    await log.locator('li', { hasText: 'Call Alex at lunch: unanswered, owned' }).waitFor();
    expect(await log.getByRole('button', { name: 'Own it' }).count()).toBe(0);
    await server.engine.drain();
    const notes = (await outbox()).filter((m) => m.kind === 'repair-note');
    expect(notes.map((m) => [m.to, m.body])).toEqual([
      [
        ALEX,
        "Sam owned a missed promise (Call Alex at lunch): I forgot. I'm setting a 12:30 alarm. Reply THANKS to let them know you heard.",
      ],
    ]);
    await page.close();
  }, 60_000);
});

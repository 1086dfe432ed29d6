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
  dir = mkdtempSync(join(tmpdir(), 'kept-e2e-actions-'));
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

async function signIn(identity: string) {
  const page = await (await browser.newContext()).newPage();
  await page.goto(server.url);
  await page.getByLabel('Your mobile number or email').fill(identity);
  await page.getByRole('button', { name: 'Send me a code' }).click();
  await page.getByLabel('The 6-digit code we sent you').waitFor();
  const codes = (await outbox()).filter((m) => m.kind === 'sign-in-code' && m.to === identity);
  const code = codes.at(-1)!.body.match(/\d{6}/)![0];
  await page.getByLabel('The 6-digit code we sent you').fill(code);
  await page.getByRole('button', { name: 'Sign in' }).click();
  return page;
}

describe.runIf(hasBrowser)('acting from the dashboard', () => {
  it('answers a check-in, the partner says thanks, and channel and summary time are set', async () => {
    const checkInAt = nextCheckIn(clock.now);
    clock.now = checkInAt;
    await server.engine.runOnce();
    clock.now = checkInAt + 60_000;

    const sam = await signIn(SAM);
    const open = sam.locator('#log li', { hasText: 'Call Alex at lunch: waiting for an answer' });
    await open.getByRole('button', { name: 'Kept: Call Alex at lunch' }).click();
    await sam.locator('#log li', { hasText: 'Call Alex at lunch: kept' }).waitFor();
    expect(
      await sam
        .locator('#log')
        .getByRole('button', { name: /^Kept:/ })
        .count(),
    ).toBe(0);
    // The kept notice goes out once the answer has settled, as for a text reply.
    clock.now += 11 * 60_000;
    await server.engine.runOnce();
    await server.engine.drain();
    expect((await outbox()).filter((m) => m.kind === 'kept-notice').map((m) => m.to)).toEqual([ALEX]);

    const alex = await signIn(ALEX);
    const kept = alex.locator('#log li', { hasText: 'Call Alex at lunch: kept' });
    await kept.getByRole('button', { name: 'Say thanks for Call Alex at lunch' }).click();
    await alex.locator('#log li', { hasText: 'Call Alex at lunch: kept' }).waitFor();
    await expect.poll(() => alex.getByRole('button', { name: /Say thanks/ }).count()).toBe(0);
    await server.engine.drain();
    expect((await outbox()).filter((m) => m.kind === 'thanks-notice').map((m) => m.to)).toEqual([SAM]);

    await sam.getByLabel('Reach me by').selectOption('both');
    await sam.getByLabel('Weekly summary on').selectOption('FR');
    await sam.getByLabel('Summary at').fill('18:30');
    await sam.locator('#settings-form').getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(async () => {
        const { plan } = await sam.evaluate(async () => (await fetch('/api/plan')).json());
        const me = plan.partners.find((p: { name: string }) => p.name === 'Sam');
        return [me.channel, plan.pair.summary];
      })
      .toEqual(['both', { day: 'FR', at: '18:30' }]);
    expect(await sam.locator('#settings-error').textContent()).toBe('');
    await sam.reload();
    await expect.poll(() => sam.getByLabel('Summary at').inputValue()).toBe('18:30');
    expect(await sam.getByLabel('Reach me by').inputValue()).toBe('both');
  }, 90_000);
});

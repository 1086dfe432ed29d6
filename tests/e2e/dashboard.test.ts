import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../local/cli.ts';
import { startServer, type RunningServer } from '../../local/commands/start.ts';
import { readLocalSettings } from '../../shared/config/local-settings.ts';
import { browserAvailable, CHROMIUM, CHROMIUM_ARGS } from '../helpers/browser.ts';
import { examplePlan } from '../helpers/plans.ts';

const hasBrowser = browserAvailable();
const SAM = '+15555550101';
const clock = { now: Date.parse('2026-11-24T00:30:00Z') }; // Monday 19:30 in New York
let dir: string;
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  if (!hasBrowser) return;
  dir = mkdtempSync(join(tmpdir(), 'kept-e2e-'));
  const data = join(dir, 'data');
  const quiet = { info() {}, error() {} };
  server = await startServer(readLocalSettings({ KEPT_DATA_DIR: data, KEPT_PORT: '0' }), quiet, () => clock.now);
  writeFileSync(join(dir, 'plan.json'), JSON.stringify(examplePlan()));
  expect(await main(['apply', join(dir, 'plan.json'), '--data', data], quiet)).toBe(0);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function latestOutbox(kind: string, to: string): Promise<{ body: string }> {
  const { messages } = await (await fetch(`${server.url}/outbox.json`)).json();
  return messages.find((m: { kind: string; to: string }) => m.kind === kind && m.to === to);
}

describe.runIf(hasBrowser)('the dashboard in a real browser', () => {
  it('sign in with the code from the outbox, add a promise, answer its check-in on the outbox page, see it counted', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } }); // a phone first
    const page = await context.newPage();
    await page.goto(server.url);

    await page.getByLabel('Your mobile number or email').fill(SAM);
    await page.getByRole('button', { name: 'Send me a code' }).click();
    await page.getByLabel('The 6-digit code we sent you').waitFor();
    const code = (await latestOutbox('sign-in-code', SAM)).body.match(/\d{6}/)![0];
    await page.getByLabel('The 6-digit code we sent you').fill(code);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#hello', { hasText: 'Hi Sam - with Alex.' }).waitFor();

    // Add a promise, checked in at 21:00.
    await page.getByLabel('What will you do?').fill('Water the plants');
    await page.getByLabel('How often', { exact: true }).selectOption({ label: 'Every day' });
    await page.getByLabel('Check in with me at').fill('21:00');
    await page.locator('#add-form').getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByText('Water the plants - check-in at 21:00').waitFor();

    // 21:00 in New York: the check-in goes out.
    clock.now = Date.parse('2026-11-24T02:00:00Z');
    await server.engine.runOnce();
    expect((await latestOutbox('checkin', SAM)).body).toBe('Did you water the plants today? Reply Y or N');

    // Answer it as Sam on the outbox page (posted to the real, signed webhook route).
    const outbox = await context.newPage();
    await outbox.goto(`${server.url}/outbox`);
    const item = outbox.locator('li', { hasText: 'Did you water the plants today?' });
    await item.getByRole('textbox').fill('Y');
    await item.getByRole('button', { name: 'Send' }).click();
    await item.getByText('Sent as sam.').waitFor();
    await outbox.getByText('Logged as kept. Alex will see it. Nice work.').waitFor();

    await page.reload();
    const week = page.locator('#week');
    await week.getByText('Water the plants').waitFor();
    expect(await week.locator('li', { hasText: 'Water the plants' }).textContent()).toContain('kept 1 of 1');
    expect(await page.locator('#log').textContent()).toContain('Water the plants: kept');

    // Edit it: the same form, saved with PUT.
    await page.getByRole('button', { name: 'Edit Water the plants' }).click();
    await page.getByLabel('What will you do?').fill('Water all the plants');
    await page.locator('#add-form').getByRole('button', { name: 'Save' }).click();
    await page.getByText('Water all the plants - check-in at 21:00').waitFor();
    // A ritual together, and a note to Alex.
    await page.getByLabel('What do you do together?').fill('Sunday pancakes');
    await page.getByLabel('How often together').selectOption({ label: 'Sundays' });
    await page.locator('#ritual-form').getByRole('button', { name: 'Add' }).click();
    await page.getByText('Sunday pancakes - 20:00').waitFor();
    await page.getByLabel('Your note').fill('Thank you for listening.');
    await page.getByRole('button', { name: 'Schedule' }).click();
    await page.getByText('Thank you for listening. - at 08:00').waitFor();
    // A bad value is explained next to the form, by field.
    await page.getByLabel('Time zone', { exact: true }).fill('Mars/Base');
    await page.locator('#settings-form').getByRole('button', { name: 'Save' }).click();
    await page.locator('#settings-error', { hasText: 'unknown time zone' }).waitFor();
    expect(await page.locator('#settings-error').textContent()).toMatch(/unknown time zone "Mars\/Base" \(timezone\)/);

    mkdirSync('tests/artifacts', { recursive: true });
    await page.screenshot({ path: 'tests/artifacts/dashboard.png', fullPage: true });
    await context.close();
  }, 60_000);

  it('is usable by keyboard and labels every form control', async () => {
    const page = await browser.newPage();
    await page.goto(server.url);
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll('input, select')]
        .filter((control) => !(control as HTMLInputElement).labels?.length)
        .map((control) => control.id),
    );
    expect(unlabelled).toEqual([]);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('identity');
    await page.close();
  });
});

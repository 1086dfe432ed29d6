import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
const quiet = { info() {}, error() {} };
let dir: string;
let data: string;
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  if (!hasBrowser) return;
  dir = mkdtempSync(join(tmpdir(), 'kept-outbox-'));
  data = join(dir, 'data');
  server = await startServer(readLocalSettings({ KEPT_DATA_DIR: data, KEPT_PORT: '0' }), quiet);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.runIf(hasBrowser)('the local outbox page', () => {
  it('explains itself while empty, shows the welcome after an apply, and says plainly what an answer did', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/outbox`);
    const hint = page.locator('#empty');
    await hint.waitFor({ state: 'visible' });
    expect(await hint.textContent()).toMatch(/No messages yet[\s\S]*welcome text within a minute/);

    // The quick start's second step: apply the example plan; Alex (no quiet hours) is welcomed at once.
    writeFileSync(join(dir, 'plan.json'), JSON.stringify(examplePlan()));
    expect(await main(['apply', join(dir, 'plan.json'), '--data', data], quiet)).toBe(0);
    await server.engine.runOnce();
    const welcome = page.locator('li', { hasText: 'Welcome to Kept, Alex!' });
    await welcome.waitFor();
    expect(await hint.isHidden()).toBe(true);

    await welcome.getByLabel('Reply as alex').fill('HELP');
    await welcome.getByRole('button', { name: 'Send' }).click();
    await page.getByText("Sent as alex. Kept's answer, if any, appears at the top.").waitFor();
    expect(await page.getByText('Handled: handled').count()).toBe(0);
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { main } from '../../local/cli.ts';
import { startServer, type RunningServer } from '../../local/commands/start.ts';
import { readLocalSettings } from '../../shared/config/local-settings.ts';
import { CHROMIUM, CHROMIUM_ARGS } from './browser.ts';
import type { PlanInput } from '../../shared/model/plan.ts';
import { examplePlan } from './plans.ts';

export interface KeptWithBrowser {
  dir: string;
  server: RunningServer;
  browser: Browser;
  /** The local outbox, newest first, as the outbox page reads it. */
  outbox(): Promise<Array<{ kind: string; to: string; body: string }>>;
}

const quiet = { info() {}, error() {} };

/**
 * `kept start` on port 0 with the example couple applied by `kept apply` (promises only: no rituals or
 * affirmations, unless another plan is given), on the given clock, and Debian's Chromium.
 */
export async function startKeptWithBrowser(
  clock: { now: number },
  label: string,
  plan: PlanInput = { ...examplePlan(), rituals: [], affirmations: [] },
): Promise<KeptWithBrowser> {
  const dir = mkdtempSync(join(tmpdir(), `kept-e2e-${label}-`));
  const data = join(dir, 'data');
  const server = await startServer(readLocalSettings({ KEPT_DATA_DIR: data, KEPT_PORT: '0' }), quiet, () => clock.now);
  writeFileSync(join(dir, 'plan.json'), JSON.stringify(plan));
  expect(await main(['apply', join(dir, 'plan.json'), '--data', data], quiet)).toBe(0);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const outbox = async () => (await (await fetch(`${server.url}/outbox.json`)).json()).messages;
  return { dir, server, browser, outbox };
}

export async function stopKeptWithBrowser(kept: KeptWithBrowser | undefined): Promise<void> {
  if (!kept) return;
  await kept.browser.close();
  await kept.server.stop();
  rmSync(kept.dir, { recursive: true, force: true });
}

/** The example's next weekday check-in (20:00 New York = 01:00 UTC, Tuesday to Saturday in UTC) after `from`. */
export function nextCheckIn(from: number): number {
  for (let day = Math.floor(from / 86_400_000) + 1; ; day++) {
    const at = day * 86_400_000 + 3_600_000;
    const weekday = new Date(at).getUTCDay();
    if (at > from + 3_600_000 && weekday >= 2 && weekday <= 6) return at;
  }
}

/** A new browser context signed in to the dashboard as this number, with the code from the outbox. */
export async function signIn(kept: KeptWithBrowser, identity: string): Promise<Page> {
  const page = await (await kept.browser.newContext()).newPage();
  const codes = async () =>
    (await kept.outbox()).filter((m) => m.kind === 'sign-in-code' && m.to === identity).map((m) => m.body);
  const earlier = new Set(await codes());
  await page.goto(kept.server.url);
  await page.getByLabel('Your mobile number or email').fill(identity);
  await page.getByRole('button', { name: 'Send me a code' }).click();
  await page.getByLabel('The 6-digit code we sent you').waitFor();
  // This sign-in's code: the one that was not there before (a second sign-in gets a new one).
  const fresh = (await codes()).find((body) => !earlier.has(body))!;
  const code = fresh.match(/\d{6}/)![0];
  await page.getByLabel('The 6-digit code we sent you').fill(code);
  await page.getByRole('button', { name: 'Sign in' }).click();
  return page;
}

/**
 * startKeptWithBrowser before the file's tests (only when the browser is there) and its stop after
 * them, with what the tests use: the server, the browser, the outbox and a sign-in through the page.
 */
export function useKeptWithBrowser(clock: { now: number }, label: string, hasBrowser: boolean) {
  let kept: KeptWithBrowser | undefined;
  beforeAll(async () => {
    if (hasBrowser) kept = await startKeptWithBrowser(clock, label);
  }, 60_000);
  afterAll(() => stopKeptWithBrowser(kept));
  const started = (): KeptWithBrowser => {
    if (!kept) throw new Error('kept starts in beforeAll');
    return kept;
  };
  const outbox = () => started().outbox();
  return {
    get server() {
      return started().server;
    },
    get browser() {
      return started().browser;
    },
    outbox,
    /** A new browser context signed in to the dashboard as this number or address. */
    signIn: (identity: string) => signIn(started(), identity),
  };
}

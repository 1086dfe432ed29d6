import { existsSync } from 'node:fs';

/** Debian's Chromium: the only browser these tests drive (nothing is ever downloaded). */
export const CHROMIUM = process.env.KEPT_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/**
 * Whether the browser tests can run. Outside CI a missing browser skips them with one visible line;
 * with KEPT_REQUIRE_BROWSER=1 (set by .ci/run) a missing browser is a failure, never a silent skip.
 */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  const hint = `${CHROMIUM} is missing: install it with "apt-get install -y chromium"`;
  if (process.env.KEPT_REQUIRE_BROWSER === '1')
    throw new Error(`${hint} (KEPT_REQUIRE_BROWSER=1 makes this a failure)`);
  process.stderr.write(`browser tests skipped: ${hint}\n`);
  return false;
}

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../local/cli.ts';
import { startServer } from '../../local/commands/start.ts';
import { readLocalSettings } from '../../shared/config/local-settings.ts';
import { runKept } from '../helpers/run-kept.ts';

const quiet = { info() {}, error() {} };
let dir: string;
let busy: Server;
let busyPort: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kept-start-'));
  busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  busyPort = (busy.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise((resolve) => busy.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `kept start` as a user would; a start that does not end within the budget is killed and fails. */
async function keptStart(env: Record<string, string>, args: string[] = []) {
  const started = Date.now();
  const run = await runKept(['start', ...args], {
    env: { HOME: dir, KEPT_DATA_DIR: join(dir, 'data'), KEPT_PORT: '0', ...env },
  });
  return { ...run, ms: Date.now() - started };
}

const CASES: Array<{ name: string; env: () => Record<string, string>; code: number; line: RegExp }> = [
  {
    name: 'a busy port',
    env: () => ({ KEPT_PORT: String(busyPort) }),
    code: 1,
    line: /^kept start: Port \d+ is already in use .*: stop that program, or choose another with --port \d+/,
  },
  {
    name: 'a port that is not a number',
    env: () => ({ KEPT_PORT: 'abc' }),
    code: 2,
    line: /^kept start: KEPT_PORT must be a whole number from 0 to 65535.*\(got "abc"\)$/,
  },
  {
    name: 'a malformed KEPT_HOST',
    env: () => ({ KEPT_HOST: 'bad host' }),
    code: 2,
    line: /^kept start: KEPT_HOST must be an address of this machine/,
  },
  {
    name: 'a KEPT_HOST this machine does not have',
    env: () => ({ KEPT_HOST: '192.0.2.1' }),
    code: 2,
    line: /^kept start: KEPT_HOST "192\.0\.2\.1" is not an address of this machine: use 127\.0\.0\.1/,
  },
  {
    name: 'a bad KEPT_PUBLIC_URL',
    env: () => ({ KEPT_PUBLIC_URL: 'kept.example.com' }),
    code: 2,
    line: /^kept start: KEPT_PUBLIC_URL must be the public base URL, like https:\/\/kept\.example\.com; unset it/,
  },
  {
    name: 'a short KEPT_LINK_SECRET (never echoed)',
    env: () => ({ KEPT_LINK_SECRET: 'short-secret' }),
    code: 2,
    line: /^kept start: KEPT_LINK_SECRET must be at least 32 characters \(make one with: openssl rand -base64 32\)[^"]*$/,
  },
  {
    name: 'half-configured Twilio',
    env: () => ({ TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}` }),
    code: 2,
    line: /^kept start: Twilio is partly configured: also set TWILIO_AUTH_TOKEN, TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID, or unset/,
  },
  {
    name: 'an SES sender without credentials',
    env: () => ({ KEPT_EMAIL_FROM: 'kept@kept.example.com' }),
    code: 2,
    line: /^kept start: KEPT_EMAIL_FROM is set but SES has no credentials: set AWS_PROFILE or AWS_ACCESS_KEY_ID/,
  },
  {
    name: 'a data folder that is a file',
    env: () => {
      writeFileSync(join(dir, 'a-file'), '');
      return { KEPT_DATA_DIR: join(dir, 'a-file') };
    },
    code: 1,
    line: /^kept start: The data folder .*a-file is a file, not a folder: remove it, or choose another folder with --data DIR/,
  },
];

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, info: (line: string) => out.push(line), error: (line: string) => err.push(line) };
}

describe('kept start fails loudly', () => {
  it('exits at once with one line naming the cause and the fix, for every fatal start-up problem', async () => {
    for (const { name, env, code, line } of CASES) {
      const output = capture();
      const exit = await main(['start'], output, { KEPT_DATA_DIR: join(dir, 'data'), KEPT_PORT: '0', ...env() });
      expect({ name, exit, err: output.err }).toEqual({ name, exit: code, err: [expect.stringMatching(line)] });
      expect(output.out, name).toEqual([]);
    }
  });

  it('as a process: a busy port or a bad setting ends it within seconds, with one line and no stack trace', async () => {
    // A busy port is found after the store is open (what used to hang); a bad setting before.
    const [port, setting] = await Promise.all([
      keptStart({ KEPT_PORT: String(busyPort) }),
      keptStart({ KEPT_PUBLIC_URL: 'kept.example.com' }),
    ]);
    expect(port.code).toBe(1);
    expect(port.stderr.trim().split('\n')).toEqual([expect.stringMatching(CASES[0]!.line)]);
    expect(setting.code).toBe(2);
    expect(setting.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^kept start: KEPT_PUBLIC_URL must be/)]);
    // Node and tsx load in a second or two; the budget allows for a loaded 2-core machine.
    expect(Math.max(port.ms, setting.ms)).toBeLessThan(20_000);
  });

  it('leaves nothing open after a failed start: the same data folder starts at once afterwards', async () => {
    const data = join(dir, 'reused');
    const config = (port: number) => readLocalSettings({ KEPT_DATA_DIR: data, KEPT_PORT: String(port) });
    await expect(startServer(config(busyPort), quiet)).rejects.toThrow(/Port \d+ is already in use/);
    const server = await startServer(config(0), quiet);
    await server.stop();
  });
});

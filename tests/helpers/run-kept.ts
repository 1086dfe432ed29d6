import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

/** This checkout's `kept` command. */
const KEPT_COMMAND = join(import.meta.dirname, '../../local/bin/kept.mjs');

/** How long a `kept` process may run in a test before it is killed (and fails on its exit code). */
const KEPT_BUDGET_MS = 30_000;

interface KeptRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Starts `kept ARGS` as a user would, with only PATH, the test run's KEPT_VERIFY_STORE_SHORTCUTS
 * (so the store shortcuts are checked in these processes too) and `env`: settings of the machine
 * running the tests do not leak in. One still running after 30 s is killed.
 */
export function spawnKept(
  args: string[],
  options: { env?: Record<string, string>; cwd?: string; command?: string } = {},
): ChildProcessByStdio<null, Readable, Readable> {
  const verify = process.env.KEPT_VERIFY_STORE_SHORTCUTS;
  const child = spawn(process.execPath, [options.command ?? KEPT_COMMAND, ...args], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', ...(verify ? { KEPT_VERIFY_STORE_SHORTCUTS: verify } : {}), ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), KEPT_BUDGET_MS);
  child.on('close', () => clearTimeout(timer));
  return child;
}

/** Runs `kept ARGS` to its end (see spawnKept): its exit code and output. */
export function runKept(args: string[], options: Parameters<typeof spawnKept>[1] = {}): Promise<KeptRun> {
  const child = spawnKept(args, options);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

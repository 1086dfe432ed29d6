import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** What a running `kept start` leaves in its data folder, so other commands can reach it. */
export interface ServerInfo {
  pid: number;
  storeEndpoint: string;
  url: string;
}

const fileIn = (dataDir: string) => join(dataDir, 'server.json');

export function writeServerInfo(dataDir: string, info: ServerInfo): void {
  writeFileSync(fileIn(dataDir), `${JSON.stringify(info, null, 2)}\n`);
}

export function removeServerInfo(dataDir: string): void {
  rmSync(fileIn(dataDir), { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The running server for this data folder, if there is one. */
export function readServerInfo(dataDir: string): ServerInfo | null {
  try {
    const info = JSON.parse(readFileSync(fileIn(dataDir), 'utf8')) as ServerInfo;
    return isAlive(info.pid) ? info : null;
  } catch {
    return null;
  }
}

/** A `kept start` running on some data folder of this user, wherever it is. */
export interface RunningElsewhere {
  dataDir: string;
  url: string;
}

// One folder per user: a command run outside any project can then name the running server
// instead of quietly making a second, empty store.
const USER_REGISTRY = join(tmpdir(), `kept-running-${process.getuid?.() ?? 'user'}`);
const entryFor = (dataDir: string, registry: string) =>
  join(registry, `${createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 16)}.json`);

/** Called by `kept start` once it serves; undone by unregisterRunning when it stops. */
export function registerRunning(dataDir: string, registry = USER_REGISTRY): void {
  mkdirSync(registry, { recursive: true, mode: 0o700 });
  writeFileSync(entryFor(dataDir, registry), JSON.stringify({ dataDir: resolve(dataDir) }));
}

export function unregisterRunning(dataDir: string, registry = USER_REGISTRY): void {
  rmSync(entryFor(dataDir, registry), { force: true });
}

/** The servers of this user that are running now (an entry left by a killed one is skipped). */
export function runningServers(registry = USER_REGISTRY): RunningElsewhere[] {
  let names: string[];
  try {
    names = readdirSync(registry);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    try {
      const { dataDir } = JSON.parse(readFileSync(join(registry, name), 'utf8')) as { dataDir: string };
      const info = readServerInfo(dataDir);
      return info ? [{ dataDir, url: info.url }] : [];
    } catch {
      return [];
    }
  });
}

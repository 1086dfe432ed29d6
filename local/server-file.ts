import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

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

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveDataFolder } from '../../local/data-folder.ts';
import { registerRunning, runningServers, unregisterRunning, writeServerInfo } from '../../local/server-file.ts';

const root = mkdtempSync(join(tmpdir(), 'kept-folders-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A project folder (package.json) with examples/ in it, optionally with a store already. */
function project(name: string, withStore: boolean): string {
  const dir = join(root, name);
  mkdirSync(join(dir, 'examples'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{}');
  if (withStore) mkdirSync(join(dir, '.kept'));
  return dir;
}

describe('which data folder a command uses', () => {
  it('finds the project store from a folder below it, so no second store is made', () => {
    const dir = project('found', true);
    expect(resolveDataFolder('.kept', false, 'apply', join(dir, 'examples'))).toBe(join('..', '.kept'));
    expect(resolveDataFolder('.kept', false, 'read', dir)).toBe('.kept');
  });

  it('makes a new one in the project folder, not in the folder the command runs in', () => {
    const dir = project('fresh', false);
    expect(resolveDataFolder('.kept', false, 'apply', join(dir, 'examples'))).toBe(join('..', '.kept'));
    expect(resolveDataFolder('.kept', false, 'start', dir)).toBe('.kept');
  });

  it('never looks above the project for a store', () => {
    mkdirSync(join(root, '.kept'), { recursive: true }); // a store outside the project
    const dir = project('inner', false);
    expect(resolveDataFolder('.kept', false, 'apply', dir)).toBe('.kept');
    expect(() => resolveDataFolder('.kept', false, 'read', dir)).toThrow(
      'There is no Kept data folder (.kept) here or above: apply a plan first (npx kept apply examples/plan.json), or name the folder with --data DIR.',
    );
  });

  it('refuses a mistyped --data instead of making an empty store, and names the nearest one', () => {
    const dir = project('typo', true);
    expect(() => resolveDataFolder('.kpet', true, 'apply', join(dir, 'examples'))).toThrow(
      'There is no Kept data folder at .kpet (mistyped?). The nearest data folder is ../.kept. A new one is made by starting Kept on it: kept start --data .kpet.',
    );
    expect(() => resolveDataFolder(join(dir, 'package.json'), true, 'read', dir)).toThrow(/is a file, not a folder/);
    // Starting Kept on a new folder is how one is made; an existing (empty) folder may be applied to.
    expect(resolveDataFolder('.kpet', true, 'start', dir)).toBe('.kpet');
    expect(resolveDataFolder(join(dir, 'examples'), true, 'apply', dir)).toBe(join(dir, 'examples'));
  });
});

describe('a command run outside the project while Kept runs elsewhere', () => {
  it('names the running server instead of making a second, empty store', () => {
    const dir = project('elsewhere', false);
    const running = [{ dataDir: '/home/sam/kept/.kept', url: 'http://localhost:3000' }];
    expect(() => resolveDataFolder('.kept', false, 'apply', dir, running)).toThrow(
      'There is no Kept data folder (.kept) here or above, and Kept is running on /home/sam/kept/.kept (http://localhost:3000): use that one with --data /home/sam/kept/.kept (or run this in its project); to make a new store here, start Kept here first (npm start or kept start).',
    );
    expect(() => resolveDataFolder('.kept', false, 'read', dir, running)).toThrow(/Kept is running on/);
    // Starting makes a store here; a store found here is used, whatever runs elsewhere.
    expect(resolveDataFolder('.kept', false, 'start', dir, running)).toBe('.kept');
    expect(resolveDataFolder('.kept', false, 'apply', project('with-store', true), running)).toBe('.kept');
  });

  it('finds running servers through a per-user registry, skipping one that is no longer running', () => {
    const registry = join(root, 'registry');
    const live = join(root, 'live-data');
    const dead = join(root, 'dead-data');
    mkdirSync(live);
    mkdirSync(dead);
    writeServerInfo(live, { pid: process.pid, storeEndpoint: 'http://127.0.0.1:1', url: 'http://localhost:3701' });
    writeServerInfo(dead, { pid: 2 ** 22 + 1, storeEndpoint: 'http://127.0.0.1:1', url: 'http://localhost:3702' });
    registerRunning(live, registry);
    registerRunning(dead, registry);
    expect(runningServers(registry)).toEqual([{ dataDir: live, url: 'http://localhost:3701' }]);
    unregisterRunning(live, registry);
    expect(runningServers(registry)).toEqual([]);
    expect(runningServers(join(root, 'no-registry-yet'))).toEqual([]);
  });
});

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveDataFolder } from '../../local/data-folder.ts';

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

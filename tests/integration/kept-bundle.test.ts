import { spawn } from 'node:child_process';
import {
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheFolder, freshBundle } from '../../local/bin/cli-bundle-cache.mjs';

// The `kept` command as a developer runs it, in a copy of the project's sources, so that the tests
// can edit sources and break builds without touching the checkout they run from.
const PROJECT = join(import.meta.dirname, '../..');
let root: string;
let cache: string;

beforeAll(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'kept-bundle-')));
  for (const folder of ['local', 'shared', 'functions'])
    cpSync(join(PROJECT, folder), join(root, folder), { recursive: true });
  for (const file of ['package.json', 'package-lock.json', 'tsconfig.json'])
    cpSync(join(PROJECT, file), join(root, file));
  symlinkSync(realpathSync(join(PROJECT, 'node_modules')), join(root, 'node_modules'));
  cache = cacheFolder(root);
});
afterAll(() => {
  // The copy's cache is inside the shared node_modules: remove it with the copy.
  rmSync(cache, { recursive: true, force: true });
  rmSync(root, { recursive: true, force: true });
});

function kept(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [join(root, 'local/bin/kept.mjs'), ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: root, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
}

const bundleFiles = () => readdirSync(cache).filter((name) => name.startsWith('cli-'));
const edit = (file: string, from: string, to: string) => {
  const path = join(root, file);
  writeFileSync(path, readFileSync(path, 'utf8').replace(from, to));
};

describe('the kept command runs a cached bundle of its sources, never a stale one', () => {
  it('builds the bundle on the first run and runs the cached bundle on the next', async () => {
    expect(freshBundle(root)).toBeUndefined();
    const first = await kept(['--version']);
    expect(first).toMatchObject({ code: 0, stdout: 'kept 0.1.0\n', stderr: '' });
    const bundle = freshBundle(root);
    expect(bundle).toBeDefined();

    // Marks the cached bundle: the next run must print the mark, so it ran that file, not a rebuild.
    writeFileSync(bundle!, readFileSync(bundle!, 'utf8').replace('Usage: kept', 'Usage (cached): kept'));
    const cached = await kept(['--help']);
    expect(cached.code).toBe(0);
    expect(cached.stdout).toMatch(/^Usage \(cached\): kept <command>/);
    expect(bundleFiles()).toEqual([bundle!.split('/').pop()]);
  });

  it('rebuilds after an edit of the same size and runs the edited code', async () => {
    edit('local/cli.ts', 'Usage: kept', 'USAGE: kept');
    const edited = await kept(['--help']);
    expect(edited.code).toBe(0);
    expect(edited.stdout).toMatch(/^USAGE: kept <command>/);
    expect(freshBundle(root)).toBeDefined();
  });

  it('counts every file the bundle was built from, however deep, and the install', () => {
    const manifestPath = join(cache, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    expect(Object.keys(manifest.files)).toEqual(
      expect.arrayContaining(['local/cli.ts', 'shared/schedule/recurrence.ts', 'package-lock.json']),
    );
    for (const file of ['shared/schedule/recurrence.ts', 'package-lock.json']) {
      // Whole seconds, so that the stamp written here is exactly the one the file gets.
      const path = join(root, file);
      utimesSync(path, 1_800_000_000, 1_800_000_000);
      manifest.files[file] = [statSync(path).size, 1_800_000_000_000];
      writeFileSync(manifestPath, JSON.stringify(manifest));
      expect(freshBundle(root), file).toBeDefined();
      utimesSync(path, 1_800_000_000, 1_800_000_001);
      expect(freshBundle(root), file).toBeUndefined();
      utimesSync(path, 1_800_000_000, 1_800_000_000);
    }
  });

  it('leaves one whole bundle when several first runs build at once', async () => {
    rmSync(cache, { recursive: true, force: true });
    const runs = await Promise.all([1, 2, 3, 4].map(() => kept(['--help'])));
    for (const run of runs) {
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^USAGE: kept <command>/);
      expect(run.stderr).toBe('');
    }
    expect(freshBundle(root)).toBeDefined();
    expect(readdirSync(cache).sort()).toEqual([...bundleFiles(), 'manifest.json'].sort());
    expect(bundleFiles()).toHaveLength(1);
  });

  it('falls back to the sources through tsx when the bundle cannot be built or stored', async () => {
    // A file where the cache folder belongs: nothing can be written there.
    rmSync(cache, { recursive: true, force: true });
    writeFileSync(cache, 'not a folder');
    try {
      const blocked = await kept(['--help']);
      expect(blocked).toMatchObject({ code: 0, stderr: '' });
      expect(blocked.stdout).toMatch(/^USAGE: kept <command>/);
    } finally {
      rmSync(cache, { force: true });
    }

    // A mistake in a source: esbuild refuses it, and the developer sees what tsx always said.
    edit('local/output.ts', 'export', 'export const = ;\nexport');
    const broken = await kept(['--help']);
    const direct = await kept(['--help'], { KEPT_NO_BUNDLE: '1' });
    expect(broken.code).not.toBe(0);
    expect(broken.stderr).toContain('local/output.ts');
    expect(broken).toEqual(direct);
    expect(freshBundle(root)).toBeUndefined();
  });
});

import {
  cpSync,
  existsSync,
  mkdirSync,
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
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheFolder, freshBundle } from '../../local/bin/cli-bundle-cache.mjs';
import { runKept, spawnKept } from '../helpers/run-kept.ts';

// The `kept` command as a developer runs it, in a copy of the project's sources, so that the tests
// can edit sources and break builds without touching the checkout they run from.
const PROJECT = join(import.meta.dirname, '../..');
const VERSION = `kept ${JSON.parse(readFileSync(join(PROJECT, 'package.json'), 'utf8')).version}\n`;
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

/** Runs the copy's `kept` command; one that hangs is killed, and fails on its exit code. */
const kept = (args: string[], env: Record<string, string> = {}) =>
  runKept(args, { command: join(root, 'local/bin/kept.mjs'), cwd: root, env: { HOME: root, ...env } });

// kept says on stderr where it started from: 'bundle' (cached), 'built' (just now) or 'tsx (why)'.
const TRACED = { KEPT_DEBUG_BUNDLE: '1' };
const bundleFiles = () => readdirSync(cache).filter((name) => name.endsWith('.cjs'));
const edit = (file: string, from: string, to: string) => {
  const path = join(root, file);
  writeFileSync(path, readFileSync(path, 'utf8').replace(from, to));
};

describe('the kept command runs a cached bundle of its sources, never a stale one', () => {
  it('builds the bundle on the first run and runs the cached bundle on the next', async () => {
    expect(freshBundle(root)).toBeUndefined();
    const first = await kept(['--version']);
    expect(first).toMatchObject({ code: 0, stdout: VERSION, stderr: '' });
    const bundle = freshBundle(root);
    expect(bundle).toBeDefined();

    // Marks the cached bundle: the next run must print the mark, so it ran that file, not a rebuild.
    writeFileSync(bundle!, readFileSync(bundle!, 'utf8').replace('Usage: kept', 'Usage (cached): kept'));
    const cached = await kept(['--help'], TRACED);
    expect(cached).toMatchObject({ code: 0, stderr: 'kept: from bundle\n' });
    expect(cached.stdout).toMatch(/^Usage \(cached\): kept <command>/);
    expect(bundleFiles()).toEqual([bundle!.split('/').pop()]);
  });

  it('survives a compilation cache V8 refuses, and replaces it', async () => {
    const compiled = `${freshBundle(root)}.v8cache`;
    expect(statSync(compiled).size).toBeGreaterThan(100_000);
    writeFileSync(compiled, 'not a V8 cache');
    const run = await kept(['--version']);
    expect(run).toMatchObject({ code: 0, stdout: VERSION, stderr: '' });
    expect(statSync(compiled).size).toBeGreaterThan(100_000);
  });

  it('runs a server and a command that reaches it over HTTP from the cached bundle', async () => {
    // The store client over HTTP loads node:http lazily: the path a compilation cache once broke.
    await kept(['--version']);
    expect(`${freshBundle(root)}.v8cache`).toSatisfy((path: string) => statSync(path).isFile());
    const data = join(root, 'data');
    const server = spawnKept(['start', '--port', '0', '--data', data], {
      command: join(root, 'local/bin/kept.mjs'),
      cwd: root,
      env: { HOME: root },
    });
    try {
      // The whole output so far: the line may come in two chunks, and a failed start says why.
      let stdout = '';
      let stderr = '';
      await new Promise((resolve, reject) => {
        server.stdout.on('data', (chunk) => {
          stdout += chunk;
          if (stdout.includes('Kept is running')) resolve(undefined);
        });
        server.stderr.on('data', (chunk) => (stderr += chunk));
        server.on('close', (code) => reject(new Error(`kept start ended with ${code}: ${stderr}`)));
      });
      const apply = await kept(['apply', join(PROJECT, 'examples/plan.json'), '--data', data]);
      expect(apply.stderr).toBe('');
      expect(apply.code).toBe(0);
      expect(apply.stdout).toMatch(/create partner sam/);
    } finally {
      server.kill('SIGTERM');
    }
  });

  it('rebuilds after an edit of the same size and runs the edited code', async () => {
    // Bundle folders of other checkouts sharing node_modules: one whose project is gone, one alive.
    const sibling = (project: string) => join(dirname(cache), basename(cacheFolder(project)));
    const gone = sibling(join(root, 'gone'));
    const alive = sibling(join(root, 'local'));
    for (const [folder, project] of [
      [gone, join(root, 'gone')],
      [alive, join(root, 'local')],
    ] as const) {
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, 'manifest.json'), JSON.stringify({ root: project, bundle: 'cli-0.cjs', files: {} }));
    }
    // A bundle written long ago: a start that read the manifest just before the rebuild may still
    // be about to load it, so it stays for a while after it is replaced.
    const previous = freshBundle(root)!;
    utimesSync(previous, 1_600_000_000, 1_600_000_000);
    edit('local/cli.ts', 'Usage: kept', 'USAGE: kept');
    const edited = await kept(['--help'], TRACED);
    expect(edited).toMatchObject({ code: 0, stderr: 'kept: from built\n' });
    expect(existsSync(previous)).toBe(true);
    expect(edited.stdout).toMatch(/^USAGE: kept <command>/);
    expect(await kept(['--help'], TRACED)).toMatchObject({
      code: 0,
      stdout: edited.stdout,
      stderr: 'kept: from bundle\n',
    });
    // The build cleared the folder of the project that is gone.
    expect(existsSync(gone)).toBe(false);
    expect(existsSync(alive)).toBe(true);
    rmSync(alive, { recursive: true });
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
    const runs = await Promise.all([1, 2, 3].map(() => kept(['--help'])));
    for (const run of runs) {
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^USAGE: kept <command>/);
      expect(run.stderr).toBe('');
    }
    const bundle = freshBundle(root)!.split('/').pop();
    expect(readdirSync(cache).sort()).toEqual([bundle, `${bundle}.v8cache`, 'manifest.json']);
    expect(await kept(['--version'], TRACED)).toMatchObject({ code: 0, stderr: 'kept: from bundle\n' });
  });

  it('falls back to the sources through tsx when the bundle cannot be built or stored', async () => {
    // A file where the cache folder belongs: nothing can be written there.
    rmSync(cache, { recursive: true, force: true });
    writeFileSync(cache, 'not a folder');
    try {
      const blocked = await kept(['--help'], TRACED);
      expect(blocked.code).toBe(0);
      expect(blocked.stderr).toMatch(/^kept: from tsx \(EEXIST: file already exists, mkdir .*\)\n$/);
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

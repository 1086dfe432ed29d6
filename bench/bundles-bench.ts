import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { LAMBDA_BUNDLE, LAMBDA_ENTRIES } from '../infra/bundle-options.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const outRoot = fileURLToPath(new URL('./.bundles/', import.meta.url));

function medianMs(args: string[], runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    const result = spawnSync(process.execPath, args, {
      cwd: root,
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });
    if (result.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${result.stderr}`);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

export interface BundleFigures {
  bytes: number;
  loadMs: number;
  loadRatioVsBareNode: number;
}

/** Each Lambda entry bundled as the stack bundles it: minified bytes, and module load time against a bare `node -e ''`. */
export async function benchBundles(runs = 7): Promise<Record<string, BundleFigures>> {
  rmSync(outRoot, { recursive: true, force: true });
  const results: Record<string, BundleFigures> = {};
  const bare = medianMs(['-e', ''], runs);
  for (const entry of LAMBDA_ENTRIES) {
    const outdir = `${outRoot}${entry}`;
    mkdirSync(outdir, { recursive: true });
    const output = await build({
      entryPoints: [`${root}functions/${entry}/handler.ts`],
      outfile: `${outdir}/index.mjs`,
      bundle: true,
      platform: 'node',
      format: 'esm',
      minify: LAMBDA_BUNDLE.minify,
      target: LAMBDA_BUNDLE.target,
      mainFields: [...LAMBDA_BUNDLE.mainFields],
      banner: { js: LAMBDA_BUNDLE.banner },
      external: [...LAMBDA_BUNDLE.external],
      metafile: true,
      logLevel: 'silent',
    });
    const bytes = Object.values(output.metafile.outputs)[0]!.bytes;
    const url = pathToFileURL(`${outdir}/index.mjs`).href;
    const loadMs = medianMs(['--input-type=module', '-e', `await import(${JSON.stringify(url)})`], runs);
    results[entry] = { bytes, loadMs, loadRatioVsBareNode: loadMs / bare };
  }
  return results;
}

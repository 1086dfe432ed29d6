import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { benchBundles } from './bundles-bench.ts';
import { benchTick } from './tick-bench.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const round = (n: number, digits = 2) => Number(n.toFixed(digits));

/** `npm run bench`: prints a table and writes bench/results.json. Timings are ratios against a baseline run in the same process. */
async function main(): Promise<void> {
  const results: Record<string, number> = {};
  const rows: Array<[string, string, string]> = [];

  process.stderr.write('tick: seeding 2 x 100,000 schedules...\n');
  const t = await benchTick();
  results['tick.readsPerDelivery'] = round(t.readsPerDelivery, 3);
  results['tick.speedupVsScan'] = round(t.speedupVsScan, 1);
  results['tick.planned'] = t.planned;
  results['tick.wholeSpeedupVsScan'] = round(t.wholeSpeedupVsScan, 1);
  results['tick.scanReadsPerDelivery'] = round(t.scanReadsPerDelivery, 1);
  rows.push(
    ['tick.readsPerDelivery', String(results['tick.readsPerDelivery']), `items read per delivery planned (${t.planned} due of ${t.stored} stored; goal <= 1.1)`],
    ['tick.speedupVsScan', `${results['tick.speedupVsScan']}x`, `finding the due work: full scan ${Math.round(t.findScanMs)} ms / due index ${Math.round(t.findIndexMs)} ms (goal >= 20x)`],
    ['tick.wholeSpeedupVsScan', `${results['tick.wholeSpeedupVsScan']}x`, `whole planner incl. the same 2 writes per delivery: ${Math.round(t.scanTickMs)} ms / ${Math.round(t.tickMs)} ms`],
    ['tick.scanReadsPerDelivery', String(results['tick.scanReadsPerDelivery']), 'items the full-scan planner reads per delivery'],
  );

  process.stderr.write('bundles: building and loading each Lambda entry...\n');
  const bundles = await benchBundles();
  for (const [entry, b] of Object.entries(bundles)) {
    results[`bundles.${entry}.bytes`] = b.bytes;
    results[`bundles.${entry}.loadRatioVsBareNode`] = round(b.loadRatioVsBareNode, 2);
    rows.push([`bundles.${entry}.bytes`, String(b.bytes), `minified ESM; loads in ${round(b.loadRatioVsBareNode, 2)}x the time of a bare node -e ''`]);
  }

  const width = Math.max(...rows.map((r) => r[0].length));
  process.stdout.write(`\n${'figure'.padEnd(width)}  ${'value'.padStart(10)}  what\n`);
  for (const [name, value, what] of rows) process.stdout.write(`${name.padEnd(width)}  ${value.padStart(10)}  ${what}\n`);
  const file = fileURLToPath(new URL('./results.json', import.meta.url));
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`\nwritten to bench/results.json\n`);
}

await main();

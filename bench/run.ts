import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { benchBundles } from './bundles-bench.ts';
import { benchEndToEnd } from './e2e-bench.ts';
import { benchTickMemory } from './memory-bench.ts';
import { benchWebhook } from './webhook-bench.ts';
import { benchTick } from './tick-bench.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const round = (n: number, digits = 2) => Number(n.toFixed(digits));

/** `npm run bench`: prints a table and writes bench/results.json. Timings are ratios against a baseline run in the same process. */
async function main(): Promise<void> {
  const benchStarted = Date.now();
  const results: Record<string, number> = {};
  const rows: Array<[string, string, string]> = [];

  process.stderr.write('tick: seeding 2 x 10,000 and 2 x 100,000 schedules...\n');
  const small = await benchTick(10_000, 2_000);
  const t = await benchTick();
  results['tick.readsPerDelivery'] = round(t.readsPerDelivery, 3);
  results['tick.speedupVsScan'] = round(t.speedupVsScan, 1);
  results['tick.planned'] = t.planned;
  results['tick.wholeSpeedupVsScan'] = round(t.wholeSpeedupVsScan, 1);
  results['tick.scanReadsPerDelivery'] = round(t.scanReadsPerDelivery, 1);
  results['tick.readsPerDeliveryAt10k'] = round(small.readsPerDelivery, 3);
  rows.push(
    [
      'tick.readsPerDelivery',
      String(results['tick.readsPerDelivery']),
      `items read per delivery planned (${t.planned} due of ${t.stored} stored; goal <= 1.1)`,
    ],
    [
      'tick.speedupVsScan',
      `${results['tick.speedupVsScan']}x`,
      `finding the due work: full scan ${Math.round(t.findScanMs)} ms / due index ${Math.round(t.findIndexMs)} ms (goal >= 20x)`,
    ],
    [
      'tick.wholeSpeedupVsScan',
      `${results['tick.wholeSpeedupVsScan']}x`,
      `whole planner incl. the same 2 writes per delivery: ${Math.round(t.scanTickMs)} ms / ${Math.round(t.tickMs)} ms`,
    ],
    [
      'tick.scanReadsPerDelivery',
      String(results['tick.scanReadsPerDelivery']),
      'items the full-scan planner reads per delivery',
    ],
    [
      'tick.readsPerDeliveryAt10k',
      String(results['tick.readsPerDeliveryAt10k']),
      'the same 2,000 due among 10,000 stored: flat as storage grows (the index query reads only due items, so 1,000,000 stored reads the same)',
    ],
  );

  process.stderr.write('end to end: 2,000 due deliveries...\n');
  const e2e = await benchEndToEnd();
  results['e2e.p50DelaySeconds'] = round(e2e.p50DelaySeconds, 2);
  results['e2e.p99DelaySeconds'] = round(e2e.p99DelaySeconds, 2);
  results['e2e.maxDelaySeconds'] = round(e2e.maxDelaySeconds, 2);
  results['e2e.messagesPerSecond'] = round(e2e.messagesPerSecond, 1);
  results['e2e.ratioVsWriteLoop'] = round(e2e.ratioVsWriteLoop, 2);
  rows.push(
    [
      'e2e.p99DelaySeconds',
      String(results['e2e.p99DelaySeconds']),
      `due to hand-off, ${e2e.deliveries} deliveries in one minute (p50 ${results['e2e.p50DelaySeconds']} s, max ${results['e2e.maxDelaySeconds']} s; virtual clock = wall clock here)`,
    ],
    [
      'e2e.ratioVsWriteLoop',
      `${results['e2e.ratioVsWriteLoop']}x`,
      `${results['e2e.messagesPerSecond']} messages/s against a loop that only writes the same records (${Math.round(e2e.baselineWritesPerSecond)}/s)`,
    ],
  );

  process.stderr.write('webhook: signed texts against kept start, and a bare server (2 x 10 s)...\n');
  const webhook = await benchWebhook(10);
  results['webhook.rps'] = round(webhook.rps, 1);
  results['webhook.rpsRatioVsBare'] = round(webhook.rpsRatioVsBare, 4);
  results['webhook.p50Ms'] = webhook.p50Ms;
  results['webhook.p99Ms'] = webhook.p99Ms;
  results['webhook.errors'] = webhook.errors + webhook.non2xx;
  results['webhook.handledOnce'] = webhook.handledOnce ? 1 : 0;
  rows.push(
    [
      'webhook.rps',
      String(results['webhook.rps']),
      `signed inbound texts/s, 50 connections (bare TwiML server: ${Math.round(webhook.bareRps)}/s; ratio ${results['webhook.rpsRatioVsBare']})`,
    ],
    [
      'webhook.p99Ms',
      String(webhook.p99Ms),
      `p50 ${webhook.p50Ms} ms; errors ${results['webhook.errors']}; every text handled once: ${webhook.handledOnce ? 'yes' : 'NO'}`,
    ],
  );

  process.stderr.write('memory: the tick planning 2,000 and 20,000 due...\n');
  const memory = await benchTickMemory([2_000, 20_000]);
  results['tick.peakHeapMB2k'] = round(memory[2_000]!, 1);
  results['tick.peakHeapMB20k'] = round(memory[20_000]!, 1);
  rows.push([
    'tick.peakHeapMB20k',
    String(results['tick.peakHeapMB20k']),
    `tick's peak heap planning 20,000 due (2,000: ${results['tick.peakHeapMB2k']} MB)`,
  ]);

  process.stderr.write('bundles: building and loading each Lambda entry...\n');
  const bundles = await benchBundles();
  for (const [entry, b] of Object.entries(bundles)) {
    results[`bundles.${entry}.bytes`] = b.bytes;
    results[`bundles.${entry}.loadRatioVsBareNode`] = round(b.loadRatioVsBareNode, 2);
    rows.push([
      `bundles.${entry}.bytes`,
      String(b.bytes),
      `minified ESM; loads in ${round(b.loadRatioVsBareNode, 2)}x the time of a bare node -e ''`,
    ]);
  }

  const width = Math.max(...rows.map((r) => r[0].length));
  process.stdout.write(`\n${'figure'.padEnd(width)}  ${'value'.padStart(10)}  what\n`);
  for (const [name, value, what] of rows)
    process.stdout.write(`${name.padEnd(width)}  ${value.padStart(10)}  ${what}\n`);
  const file = fileURLToPath(new URL('./results.json', import.meta.url));
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`\nwritten to bench/results.json (${Math.round((Date.now() - benchStarted) / 1000)} s)\n`);
}

await main();

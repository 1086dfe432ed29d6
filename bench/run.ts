import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { benchBundles } from './bundles-bench.ts';
import { benchEndToEnd } from './e2e-bench.ts';
import { benchTickMemory } from './memory-bench.ts';
import { countReplyRequests } from './reply-requests.ts';
import { benchSend } from './send-bench.ts';
import { benchSimulate } from './simulate-bench.ts';
import { benchTick } from './tick-bench.ts';
import { benchTick20k } from './tick20k-bench.ts';
import { benchWebhook } from './webhook-bench.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const round = (n: number, digits = 2) => Number(n.toFixed(digits));

/** What DynamoDB costs per request on the critical path, for the latency projections. */
const DYNAMO_MS_PER_REQUEST = 5;

type Results = Record<string, number>;
type Row = [name: string, value: string, what: string];

/** One bench: adds its figures (results.json) and its table rows. Register new ones in BENCHES. */
interface Bench {
  name: string;
  run(results: Results, rows: Row[]): Promise<void>;
}

const tick: Bench = {
  name: 'tick',
  async run(results, rows) {
    process.stderr.write('tick: seeding 2 x 10,000 and 2 x 100,000 schedules...\n');
    const small = await benchTick(10_000, 2_000);
    const t = await benchTick();
    results['tick.readsPerDelivery'] = round(t.readsPerDelivery, 3);
    results['tick.readsPerDeliveryAt10k'] = round(small.readsPerDelivery, 3);
    results['tick.speedupVsFilteredScan'] = round(t.speedupVsFilteredScan, 1);
    results['tick.speedupVsFilteredScanAt10k'] = round(small.speedupVsFilteredScan, 1);
    results['tick.wholeSpeedupVsFilteredScan'] = round(t.wholeSpeedupVsScan, 2);
    results['tick.scanReadsPerDelivery'] = round(t.scanReadsPerDelivery, 1);
    results['tick.planned'] = t.planned;
    rows.push(
      [
        'tick.readsPerDelivery',
        String(results['tick.readsPerDelivery']),
        `items read per delivery planned (${t.planned} due of ${t.stored} stored; at 10,000 stored: ${results['tick.readsPerDeliveryAt10k']})`,
      ],
      [
        'tick.speedupVsFilteredScan',
        `${results['tick.speedupVsFilteredScan']}x`,
        `finding the due work at 100,000 stored: Scan with a FilterExpression ${Math.round(t.findScanMs)} ms / due index ${Math.round(t.findIndexMs)} ms (at 10,000: ${results['tick.speedupVsFilteredScanAt10k']}x, ${Math.round(small.findScanMs)} / ${Math.round(small.findIndexMs)} ms)`,
      ],
      [
        'tick.wholeSpeedupVsFilteredScan',
        `${results['tick.wholeSpeedupVsFilteredScan']}x`,
        `whole planner incl. the same 2 writes per delivery: ${Math.round(t.scanTickMs)} ms / ${Math.round(t.tickMs)} ms`,
      ],
    );
  },
};

const tick20k: Bench = {
  name: 'tick20k',
  async run(results, rows) {
    process.stderr.write('tick20k: 20,000 due in one minute...\n');
    const t = await benchTick20k();
    results['tick.seconds20k'] = round(t.seconds, 1);
    results['tick.cpuMsPerItem20k'] = round(t.cpuMsPerItem, 3);
    results['tick.storeRequestsPerItem20k'] = round(t.storeRequestsPerItem, 3);
    results['tick.sqsRequestsPerItem20k'] = round(t.sqsRequestsPerItem, 3);
    for (const [mb, s] of Object.entries(t.lambdaSecondsByMemory))
      results[`tick.lambdaSeconds20kAt${mb}MB`] = round(s, 1);
    rows.push(
      [
        'tick.seconds20k',
        `${results['tick.seconds20k']} s`,
        `20,000 due planned and queued here (dynalite in its own process); CPU ${results['tick.cpuMsPerItem20k']} ms per item`,
      ],
      [
        'tick.sqsRequestsPerItem20k',
        String(results['tick.sqsRequestsPerItem20k']),
        `SQS requests per delivery (${round(t.sqsRequestRatioVsUnbatched, 1)}x fewer than one per delivery); ${results['tick.storeRequestsPerItem20k']} store requests per delivery`,
      ],
      [
        'tick.lambdaSeconds20k',
        Object.entries(t.lambdaSecondsByMemory)
          .map(([mb, s]) => `${mb} MB: ${round(s, 1)} s`)
          .join(', '),
        'projected Lambda time for 20,000 due: measured CPU / vCPU share + round trips (5 ms store, 10 ms SQS batch) over 128 in flight',
      ],
    );
  },
};

const e2e: Bench = {
  name: 'e2e',
  async run(results, rows) {
    process.stderr.write('end to end: 2,000 deliveries due in one minute...\n');
    const e = await benchEndToEnd();
    results['e2e.firstHandoffSeconds'] = round(e.firstHandoffSeconds, 3);
    results['e2e.tickSeconds'] = round(e.tickSeconds, 2);
    results['e2e.p50DueToHandoffSeconds'] = round(e.p50DueToHandoffSeconds, 2);
    results['e2e.p99DueToHandoffSeconds'] = round(e.p99DueToHandoffSeconds, 2);
    results['e2e.maxDueToHandoffSeconds'] = round(e.maxDueToHandoffSeconds, 2);
    results['e2e.messagesPerSecond'] = round(e.messagesPerSecond, 1);
    results['e2e.ratioVsWriteLoop'] = round(e.ratioVsWriteLoop, 2);
    rows.push(
      [
        'e2e.firstHandoffSeconds',
        String(results['e2e.firstHandoffSeconds']),
        `due minute to the first provider hand-off; the tick finished planning at ${results['e2e.tickSeconds']} s (sends start during the tick)`,
      ],
      [
        'e2e.p99DueToHandoffSeconds',
        String(results['e2e.p99DueToHandoffSeconds']),
        `each message's due minute to its hand-off, ${e.deliveries} due in one minute (p50 ${results['e2e.p50DueToHandoffSeconds']} s, max ${results['e2e.maxDueToHandoffSeconds']} s)`,
      ],
      [
        'e2e.ratioVsWriteLoop',
        `${results['e2e.ratioVsWriteLoop']}x`,
        `${results['e2e.messagesPerSecond']} messages/s against a loop that only writes the same records (${Math.round(e.baselineWritesPerSecond)}/s)`,
      ],
    );
  },
};

const webhook: Bench = {
  name: 'webhook',
  async run(results, rows) {
    process.stderr.write('webhook: store requests per text, then signed Y texts at 1 and 16 connections...\n');
    const counts = await countReplyRequests();
    const w = await benchWebhook();
    results['webhook.requestsPerText.Y'] = counts.yWithSend;
    results['webhook.requestsBeforeAnswer.Y'] = counts.yBeforeAnswer;
    results['webhook.requestsPerText.WEEK'] = counts.week;
    results['webhook.requestsForSettledNotice.Y'] = counts.settledNotice;
    results['webhook.projectedDynamoMsBeforeAnswer.Y'] = counts.yBeforeAnswer * DYNAMO_MS_PER_REQUEST;
    results['webhook.projectedDynamoMsPerText.Y'] = counts.yWithSend * DYNAMO_MS_PER_REQUEST;
    results['webhook.p50Ms'] = w.p50Ms;
    results['webhook.p99Ms'] = w.p99Ms;
    results['webhook.p50RatioVsVerifyOnly'] = round(w.p50Ms / Math.max(w.baselineP50Ms, 1), 1);
    results['webhook.cpuMsPerText'] = round(w.cpuMsPerText, 1);
    results['webhook.rps'] = round(w.rps, 1);
    results['webhook.rpsRatioVsVerifyOnly'] = round(w.rps / w.baselineRps, 3);
    results['webhook.errors'] = w.errors + w.non2xx;
    results['webhook.handledOnce'] = w.handledOnce ? 1 : 0;
    rows.push(
      [
        'webhook.requestsPerText.Y',
        String(counts.yWithSend),
        `store requests for a Y to an open check-in, its reply sent (${counts.yBeforeAnswer} before the webhook answers; the partner's kept notice 10 minutes later: ${counts.settledNotice} incl. the tick; WEEK: ${counts.week}); on DynamoDB at ${DYNAMO_MS_PER_REQUEST} ms each: ${results['webhook.projectedDynamoMsBeforeAnswer.Y']} ms before the answer`,
      ],
      [
        'webhook.p50Ms',
        String(w.p50Ms),
        `signed Y, one connection, against kept start (p99 ${w.p99Ms} ms); a server that only parses and verifies the form: p50 ${w.baselineP50Ms} ms, p99 ${w.baselineP99Ms} ms`,
      ],
      [
        'webhook.cpuMsPerText',
        String(results['webhook.cpuMsPerText']),
        "kept start's CPU per text at one connection (store in-process; its reply sent)",
      ],
      [
        'webhook.rps',
        String(results['webhook.rps']),
        `signed Y texts/s at 16 connections (verify-only server: ${Math.round(w.baselineRps)}/s); errors ${results['webhook.errors']}; every text handled once: ${w.handledOnce ? 'yes' : 'NO'}`,
      ],
    );
  },
};

const simulateYear: Bench = {
  name: 'simulate',
  async run(results, rows) {
    process.stderr.write('simulate: a year of the example plan, in-process and over HTTP...\n');
    const s = await benchSimulate();
    results['simulate.yearSeconds'] = round(s.yearSeconds, 1);
    results['simulate.cpuSeconds'] = round(s.cpuSeconds, 1);
    results['simulate.requestsPerMessage'] = round(s.requestsPerMessage, 2);
    results['simulate.projectedDynamoMsPerMessage'] = round(s.requestsPerMessage * DYNAMO_MS_PER_REQUEST, 1);
    results['simulate.speedupVsHttpStore'] = round(s.speedupVsHttpStore, 1);
    results['simulate.cpuSpeedupVsHttpStore'] = round(s.cpuSpeedupVsHttpStore, 1);
    results['simulate.identicalOutput'] = s.identical ? 1 : 0;
    rows.push(
      [
        'simulate.yearSeconds',
        String(results['simulate.yearSeconds']),
        `kept simulate, example plan, all of 2026 (${s.messages} messages; CPU ${results['simulate.cpuSeconds']} s); over HTTP to dynalite: ${round(s.httpYearSeconds, 1)} s (CPU ${round(s.httpCpuSeconds, 1)} s), ${results['simulate.speedupVsHttpStore']}x (CPU ${results['simulate.cpuSpeedupVsHttpStore']}x); output identical: ${s.identical ? 'yes' : 'NO'}`,
      ],
      [
        'simulate.requestsPerMessage',
        String(results['simulate.requestsPerMessage']),
        `store requests per message sent; on DynamoDB at ${DYNAMO_MS_PER_REQUEST} ms each: ${results['simulate.projectedDynamoMsPerMessage']} ms per message`,
      ],
    );
  },
};

const memory: Bench = {
  name: 'memory',
  async run(results, rows) {
    process.stderr.write('memory: the tick planning 2,000 and 20,000 due...\n');
    const m = await benchTickMemory([2_000, 20_000]);
    results['tick.peakHeapMB2k'] = round(m[2_000]!, 1);
    results['tick.peakHeapMB20k'] = round(m[20_000]!, 1);
    rows.push([
      'tick.peakHeapMB20k',
      String(results['tick.peakHeapMB20k']),
      `tick's peak heap planning 20,000 due (2,000: ${results['tick.peakHeapMB2k']} MB)`,
    ]);
  },
};

const bundles: Bench = {
  name: 'bundles',
  async run(results, rows) {
    process.stderr.write('bundles: building and loading each Lambda entry...\n');
    for (const [entry, b] of Object.entries(await benchBundles())) {
      results[`bundles.${entry}.bytes`] = b.bytes;
      results[`bundles.${entry}.loadRatioVsBareNode`] = round(b.loadRatioVsBareNode, 2);
      rows.push([
        `bundles.${entry}.bytes`,
        String(b.bytes),
        `minified ESM; loads in ${round(b.loadRatioVsBareNode, 2)}x the time of a bare node -e ''`,
      ]);
    }
  },
};

const send: Bench = {
  name: 'send',
  async run(results, rows) {
    process.stderr.write('send: 8 senders on the same 501 deliveries over HTTP, 10% dying; each refusal class...\n');
    const s = await benchSend();
    results['send.concurrentDuplicates'] = s.concurrentDuplicates;
    results['send.concurrentMissing'] = s.concurrentMissing;
    results['send.refusedRecordedAsSent'] = s.refusedRecordedAsSent;
    results['send.refusedNotExactlyOnce'] = s.refusedNotExactlyOnce;
    rows.push(
      [
        'send.concurrentDuplicates',
        String(s.concurrentDuplicates),
        `texts beyond one per delivery at the Twilio stand-in: ${s.senders} senders on the same ${s.deliveries} deliveries, ${s.crashes} sender deaths mid-send (10% of provider calls) (goal 0; missing: ${s.concurrentMissing})`,
      ],
      [
        'send.refusedRecordedAsSent',
        String(s.refusedRecordedAsSent),
        `deliveries recorded as sent with nothing at the provider, over ${s.refusalRuns} runs (each sending-side and throttling code, Twilio and SES); then not sent exactly once: ${s.refusedNotExactlyOnce} (goal 0)`,
      ],
    );
  },
};

const BENCHES: Bench[] = [tick, tick20k, e2e, webhook, simulateYear, memory, bundles, send];

/**
 * `npm run bench` prints a table; `npm run bench -- --save` also writes bench/results.json
 * (tracked: only a deliberate run changes it). `--only tick,webhook` runs some of them.
 * Timings are ratios against a baseline run in the same process; counts are exact.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { save: { type: 'boolean' }, only: { type: 'string' } },
    strict: true,
  });
  const only = values.only?.split(',').map((name) => name.trim());
  const unknown = only?.filter((name) => !BENCHES.some((bench) => bench.name === name)) ?? [];
  if (unknown.length > 0) {
    process.stderr.write(`unknown bench ${unknown.join(', ')}; known: ${BENCHES.map((b) => b.name).join(', ')}\n`);
    process.exit(2);
  }
  const started = Date.now();
  const results: Results = {};
  const rows: Row[] = [];
  for (const bench of BENCHES) if (!only || only.includes(bench.name)) await bench.run(results, rows);

  const width = Math.max(...rows.map((r) => r[0].length));
  process.stdout.write(`\n${'figure'.padEnd(width)}  ${'value'.padStart(10)}  what\n`);
  for (const [name, value, what] of rows)
    process.stdout.write(`${name.padEnd(width)}  ${value.padStart(10)}  ${what}\n`);
  const seconds = Math.round((Date.now() - started) / 1000);
  if (values.save) {
    if (only) {
      process.stderr.write('--save writes the whole set: run it without --only\n');
      process.exit(2);
    }
    writeFileSync(fileURLToPath(new URL('./results.json', import.meta.url)), `${JSON.stringify(results, null, 2)}\n`);
    process.stdout.write(`\nwritten to bench/results.json (${seconds} s)\n`);
  } else {
    process.stdout.write(`\n${seconds} s; not saved (npm run bench -- --save writes bench/results.json)\n`);
  }
}

await main();

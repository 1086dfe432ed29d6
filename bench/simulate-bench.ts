import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { simulate } from '../local/simulate.ts';
import { parsePlanText } from '../shared/model/validate-plan.ts';
import type { Store } from '../shared/store/store.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

export interface SimulateFigures {
  messages: number;
  requestsPerMessage: number;
  yearSeconds: number;
  cpuSeconds: number;
  httpYearSeconds: number;
  httpCpuSeconds: number;
  /** Old path (dynalite over HTTP) / new path (in-process), wall clock. */
  speedupVsHttpStore: number;
  cpuSpeedupVsHttpStore: number;
  identical: boolean;
}

async function timedYear(transport: 'in-process' | 'http') {
  const text = readFileSync(`${root}/examples/plan.json`, 'utf8');
  const parsed = parsePlanText('examples/plan.json', text);
  if (!parsed.ok) throw new Error('examples/plan.json is not valid');
  const from = Date.parse('2026-01-01T00:00:00Z');
  const until = Date.parse('2027-01-01T00:00:00Z');
  let store: Store | undefined;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const lines = await simulate(parsed.plan, {
    from,
    until,
    storeTransport: transport,
    onStore: (opened) => {
      store = opened;
    },
  });
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return {
    output: lines.map((line) => JSON.stringify(line)).join('\n'),
    messages: lines.length,
    requests: store?.requests.total ?? 0,
    seconds,
    cpuSeconds: (used.user + used.system) / 1e6,
  };
}

/**
 * `kept simulate` of the example plan over all of 2026, on the in-process store and on the
 * path it replaced (the same code with dynalite behind its HTTP server), in the same run. The
 * outputs must be byte-identical. Both have the zone-offset memo; the HTTP run is the baseline.
 */
export async function benchSimulate(): Promise<SimulateFigures> {
  const direct = await timedYear('in-process');
  const overHttp = await timedYear('http');
  return {
    messages: direct.messages,
    requestsPerMessage: direct.requests / direct.messages,
    yearSeconds: direct.seconds,
    cpuSeconds: direct.cpuSeconds,
    httpYearSeconds: overHttp.seconds,
    httpCpuSeconds: overHttp.cpuSeconds,
    speedupVsHttpStore: overHttp.seconds / direct.seconds,
    cpuSpeedupVsHttpStore: overHttp.cpuSeconds / direct.cpuSeconds,
    identical: direct.output === overHttp.output,
  };
}

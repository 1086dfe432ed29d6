import { readUserFile } from '../read-user-file.ts';
import { parsePlanText } from '../../shared/model/validate-plan.ts';
import type { Store } from '../../shared/store/store.ts';
import type { Output } from '../output.ts';
import { parseReplies, simulate, type SimulatedReply } from '../simulate.ts';

async function readReplies(path: string, out: Output): Promise<SimulatedReply[] | null> {
  const file = await readUserFile(path);
  if (!file.ok) {
    out.error(`Cannot read replies from ${path}: ${file.why}`);
    return null;
  }
  let data: unknown;
  try {
    data = JSON.parse(file.text);
  } catch (error) {
    out.error(`${path} is not valid JSON: ${(error as Error).message}`);
    return null;
  }
  const parsed = parseReplies(data);
  if (parsed.ok) return parsed.replies;
  out.error(`${path} is not a valid replies file (a JSON array of {"at", "from", "body"}):`);
  for (const problem of parsed.problems) out.error(`  ${problem}`);
  return null;
}

/** What a run cost: every store request (applying the plan included) and this process's CPU time. */
export function simulationStats(messages: number, storeRequests: number, cpu: NodeJS.CpuUsage) {
  return {
    messages,
    storeRequests,
    requestsPerMessage: messages === 0 ? 0 : Math.round((storeRequests / messages) * 100) / 100,
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
  };
}

export interface SimulateArgs {
  planPath: string;
  from?: string;
  until?: string;
  faults?: string;
  seed?: string;
  replies?: string;
  /** Print `{"messages","storeRequests","requestsPerMessage","cpuMs"}` to stderr. */
  stats?: boolean;
}

function parseInstant(name: string, value: string | undefined): number | string {
  if (!value) return `--${name} is required (an ISO-8601 date-time, like 2026-12-01T00:00:00Z)`;
  const ms = Date.parse(value);
  if (Number.isNaN(ms) || !/^\d{4}-\d{2}-\d{2}/.test(value))
    return `--${name}: "${value}" is not an ISO-8601 date-time`;
  return ms;
}

/** `kept simulate PLAN.json --from ISO --until ISO [--faults RATE --seed N] [--stats]`: one JSON line per message. */
export async function simulateCommand(args: SimulateArgs, out: Output): Promise<number> {
  const from = parseInstant('from', args.from);
  const until = parseInstant('until', args.until);
  const problems = [from, until].filter((v): v is string => typeof v === 'string');
  if (typeof from === 'number' && typeof until === 'number') {
    if (until <= from) problems.push('--until must be after --from');
    if (until - from > 5 * 366 * 86_400_000) problems.push('--until must be within five years of --from');
  }
  const rate = args.faults === undefined ? 0 : Number(args.faults);
  if (!(rate >= 0 && rate < 1)) problems.push('--faults must be a number from 0 up to (not including) 1');
  const seed = args.seed === undefined ? 1 : Number(args.seed);
  if (!Number.isInteger(seed)) problems.push('--seed must be an integer');
  if (problems.length > 0) {
    for (const problem of problems) out.error(problem);
    return 2;
  }
  const file = await readUserFile(args.planPath);
  if (!file.ok) {
    out.error(`Cannot read ${args.planPath}: ${file.why}`);
    return 1;
  }
  const validation = parsePlanText(args.planPath, file.text);
  if (!validation.ok) {
    out.error(`${args.planPath} is not a valid plan:`);
    for (const problem of validation.problems) out.error(`  ${problem}`);
    return 1;
  }
  let replies: SimulatedReply[] = [];
  if (args.replies) {
    const loaded = await readReplies(args.replies, out);
    if (!loaded) return 1;
    replies = loaded;
  }
  const cpuBefore = process.cpuUsage();
  let store: Store | undefined;
  const lines = await simulate(validation.plan, {
    from: from as number,
    until: until as number,
    replies,
    faults: rate > 0 ? { rate, seed } : undefined,
    onStore: (opened) => {
      store = opened;
    },
  });
  const cpu = process.cpuUsage(cpuBefore);
  for (const line of lines) out.info(JSON.stringify(line));
  if (args.stats) out.error(JSON.stringify(simulationStats(lines.length, store?.requests.total ?? 0, cpu)));
  return 0;
}

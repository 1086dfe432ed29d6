import { describe, expect, it } from 'vitest';
import { main } from '../../local/cli.ts';

/**
 * Store requests per message `kept simulate` may make on the example plan over these two weeks
 * (5.46 measured; applying the plan weighs more in a fortnight than in a year, 4.89 there): a
 * regression fails here.
 */
const REQUESTS_PER_MESSAGE_BUDGET = 5.5;

describe('kept simulate --stats', () => {
  it('prints the messages on stdout and one JSON line of counts on stderr', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(
      [
        'simulate',
        'examples/plan.json',
        '--from',
        '2026-11-23T05:00:00Z',
        '--until',
        '2026-12-07T05:00:00Z',
        '--stats',
      ],
      { info: (line) => out.push(line), error: (line) => err.push(line) },
    );
    expect(code).toBe(0);
    expect(err).toHaveLength(1);
    const stats = JSON.parse(err[0]!);
    expect(Object.keys(stats)).toEqual(['messages', 'storeRequests', 'requestsPerMessage', 'cpuMs']);
    expect(stats.messages).toBe(out.length);
    expect(stats.messages).toBe(46); // two of them the welcome texts
    expect(stats.requestsPerMessage).toBe(Math.round((stats.storeRequests / stats.messages) * 100) / 100);
    expect(stats.requestsPerMessage).toBeLessThanOrEqual(REQUESTS_PER_MESSAGE_BUDGET);
    expect(stats.cpuMs).toBeGreaterThan(0);
  });

  it('prints nothing to stderr without --stats', async () => {
    const err: string[] = [];
    const args = [
      'simulate',
      'examples/plan.json',
      '--from',
      '2026-11-23T05:00:00Z',
      '--until',
      '2026-11-24T05:00:00Z',
    ];
    expect(await main(args, { info: () => {}, error: (line) => err.push(line) })).toBe(0);
    expect(err).toEqual([]);
  });
});

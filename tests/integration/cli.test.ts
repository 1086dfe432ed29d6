import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../local/cli.ts';
import type { Output } from '../../local/output.ts';
import { startServer } from '../../local/commands/start.ts';
import { readLocalSettings } from '../../shared/config/local-settings.ts';
import { examplePlan } from '../helpers/plans.ts';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kept-cli-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function capture(): Output & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, info: (line) => out.push(line), error: (line) => err.push(line) };
}

function writePlan(dir: string, plan: unknown, name = 'plan.json'): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(plan, null, 2));
  return path;
}

describe('the kept command', () => {
  it('applies a plan to a data folder, then reports no changes on the same file', async () => {
    const dir = tempDir();
    const data = join(dir, 'data');
    mkdirSync(data); // a folder named with --data must exist (a mistyped one is refused)
    const planPath = writePlan(dir, examplePlan());
    const first = capture();
    expect(await main(['apply', planPath, '--data', data], first)).toBe(0);
    expect(first.out.join('\n')).toMatch(/create +schedule checkin:sam:2000/);
    const second = capture();
    expect(await main(['apply', planPath, '--data', data], second)).toBe(0);
    expect(second.out.join('\n')).toMatch(/no changes/);

    const preview = capture();
    expect(await main(['preview', '--days', '7', '--data', data, '--json'], preview)).toBe(0);
    const lines = preview.out.map((line) => JSON.parse(line));
    expect(lines.length).toBeGreaterThan(10);
    expect(lines.map((l) => l.at)).toEqual([...lines.map((l) => l.at)].sort());
    expect(lines.find((l) => l.kind === 'checkin')).toMatchObject({ recipient: 'Sam', zone: 'America/New_York' });
    expect(lines.find((l) => l.kind === 'checkin').localTime.slice(11)).toBe('20:00');
  });

  it('refuses a bad plan with every problem by path, exit code 1, and writes nothing', async () => {
    const dir = tempDir();
    const data = join(dir, 'data');
    const plan: any = examplePlan();
    plan.partners[1].timezone = 'Europe/Londn';
    plan.rituals[0].repeat = 'FREQ=MINUTELY';
    mkdirSync(data);
    const result = capture();
    expect(await main(['apply', writePlan(dir, plan), '--data', data], result)).toBe(1);
    const errors = result.err.join('\n');
    expect(errors).toContain('nothing was written');
    expect(errors).toContain('partners[1].timezone: unknown time zone "Europe/Londn"');
    expect(errors).not.toMatch(/\n\s+at /); // no stack trace
    const preview = capture();
    await main(['preview', '--data', data], preview);
    expect(preview.out.join('\n')).toMatch(/Nothing scheduled/);
  });

  it('explains usage mistakes without a stack trace', async () => {
    const result = capture();
    expect(await main(['simulate', 'plan.json', '--from', 'yesterday'], result)).toBe(2);
    expect(result.err.join('\n')).toMatch(/--from: "yesterday" is not an ISO-8601 date-time/);
    const unknown = capture();
    expect(await main(['launch'], unknown)).toBe(2);
    expect(unknown.err.join('\n')).toMatch(/unknown command "launch"/);
    const missing = capture();
    expect(await main(['apply', '/nonexistent/plan.json'], missing)).toBe(1);
    expect(missing.err.join('\n')).toMatch(/Cannot read \/nonexistent\/plan.json: no such file/);
    const folder = capture();
    expect(await main(['apply', tempDir()], folder)).toBe(1);
    expect(folder.err.join('\n')).toMatch(
      /Cannot read .*: it is a folder; name the file inside it, like examples\/plan\.json$/,
    );
    const typo = capture();
    expect(await main(['preview', '--data', join(tempDir(), '.kpet')], typo)).toBe(2);
    expect(typo.err.join('\n')).toMatch(/^kept preview: There is no Kept data folder at .*\.kpet \(mistyped\?\)\./);
    const version = capture();
    expect(await main(['--version'], version)).toBe(0);
    expect(version.out).toEqual([`kept ${JSON.parse(readFileSync('package.json', 'utf8')).version}`]);
  });

  it('refuses examples/bad.json exactly as the README shows', async () => {
    const readme = readFileSync('README.md', 'utf8');
    const shown = readme.match(/```\n(examples\/bad\.json was not applied[\s\S]*?)\n```/)![1]!;
    const result = capture();
    expect(await main(['apply', 'examples/bad.json', '--data', tempDir()], result)).toBe(1);
    expect(result.err.join('\n')).toBe(shown);
  });

  it('simulate prints one JSON line per message', async () => {
    const dir = tempDir();
    const result = capture();
    const code = await main(
      ['simulate', writePlan(dir, examplePlan()), '--from', '2026-11-23T05:00:00Z', '--until', '2026-11-24T05:00:00Z'],
      result,
    );
    expect(code).toBe(0);
    // Each partner is welcomed first: Alex at once, Sam when Sam's quiet hours end (07:30 New York).
    expect(result.out.map((line) => JSON.parse(line).kind)).toEqual(['welcome', 'welcome', 'affirmation', 'checkin']);
  });

  it('applies through a running server, whose outbox then shows what was sent', async () => {
    const dir = tempDir();
    const data = join(dir, 'data');
    const serverOutput = capture();
    const server = await startServer(readLocalSettings({ KEPT_DATA_DIR: data, KEPT_PORT: '0' }), serverOutput);
    try {
      const plan = examplePlan();
      plan.partners[1]!.consent = 'pending'; // a consent request goes out at once
      const result = capture();
      expect(await main(['apply', writePlan(dir, plan), '--data', data], result)).toBe(0);
      expect(result.out[0]).toMatch(/applied to the running server/);
      // The output says what comes next and when: Sam's welcome is the first message.
      const said = result.out.join('\n');
      expect(said).toContain('Next messages:\n  within a minute  consent-request to Alex');
      expect(said).toMatch(
        /\n {2}(within a minute|in \d+ (h|min)).* welcome to Sam \(\d{4}-\d\d-\d\d \d\d:\d\d America\/New_York\)/,
      );
      expect(said).toMatch(/npx kept preview lists them\. They appear in the outbox when due\./);
      await server.engine.runOnce();
      const response = await fetch(`${server.url}/outbox.json`);
      expect(response.status).toBe(200);
      const { messages } = await response.json();
      expect(messages.map((m: { kind: string }) => m.kind)).toContain('consent-request');
      const page = await fetch(`${server.url}/outbox`);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
      expect(await page.text()).toContain('Local outbox');
      // The terminal shows the message with the number masked.
      expect(serverOutput.out.join('\n')).toMatch(/consent-request .* \+4\*+0123:/);
      expect(serverOutput.out.join('\n')).not.toContain('+447700900123');
      expect((await fetch(`${server.url}/nope`)).status).toBe(404);
    } finally {
      await server.stop();
    }
  });
});

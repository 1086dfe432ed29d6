import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../local/cli.ts';
import { applyCommand } from '../../local/commands/apply.ts';
import { readLocalSettings } from '../../shared/config/local-settings.ts';
import type { Output } from '../../local/output.ts';
import { dailyCommitment, examplePlan } from '../helpers/plans.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function capture(): Output & { out: string[]; err: string[]; text: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, info: (l) => out.push(l), error: (l) => err.push(l), text: () => [...out, ...err].join('\n') };
}

/** A data folder where the dashboard (here: a second plan file applied with --prune) added a commitment. */
async function folderWithDashboardEdit() {
  const dir = mkdtempSync(join(tmpdir(), 'kept-prune-'));
  dirs.push(dir);
  const data = join(dir, 'data');
  mkdirSync(data); // a folder named with --data must exist
  const planPath = join(dir, 'plan.json');
  writeFileSync(planPath, JSON.stringify(examplePlan()));
  expect(await main(['apply', planPath, '--data', data], capture())).toBe(0);
  const edited = examplePlan();
  edited.commitments!.push(dailyCommitment('dishes', 'alex', 'Do the dishes', '21:00'));
  const editedPath = join(dir, 'edited.json');
  writeFileSync(editedPath, JSON.stringify(edited));
  expect(await main(['apply', editedPath, '--data', data, '--prune'], capture())).toBe(0);
  return { dir, data, planPath };
}

describe('kept apply and the dashboard agree', () => {
  it('shows the changes it will make, and keeps items made elsewhere unless --prune', async () => {
    const { data, planPath } = await folderWithDashboardEdit();
    const keep = capture();
    expect(await main(['apply', planPath, '--data', data], keep)).toBe(0);
    expect(keep.text()).toContain('Not in');
    expect(keep.text()).toContain('  commitment dishes');
    expect(keep.text()).toMatch(/kept \(apply with --prune to delete them/);
    expect(keep.text()).not.toMatch(/delete +schedule checkin:alex/);

    const preview = capture();
    await main(['preview', '--data', data, '--json'], preview);
    expect(preview.out.some((l) => l.includes('do the dishes'))).toBe(true);

    const prune = capture();
    expect(await main(['apply', planPath, '--data', data, '--prune'], prune)).toBe(0);
    expect(prune.text()).toMatch(/delete +commitment dishes/);
    const after = capture();
    await main(['preview', '--data', data, '--json'], after);
    expect(after.out.some((l) => l.includes('do the dishes'))).toBe(false);
  });

  it('on a terminal it asks before deleting; "n" keeps, "y" deletes', async () => {
    const { data, planPath } = await folderWithDashboardEdit();
    const config = readLocalSettings({ KEPT_DATA_DIR: data });
    const questions: string[] = [];
    const no = capture();
    await applyCommand(planPath, config, no, {
      confirm: async (q) => {
        questions.push(q);
        return false;
      },
    });
    expect(questions).toEqual(['Delete these 1 items? [y/N] ']);
    expect(no.text()).not.toMatch(/delete +commitment dishes/);
    const yes = capture();
    await applyCommand(planPath, config, yes, { confirm: async () => true });
    expect(yes.text()).toMatch(/delete +commitment dishes/);
  });

  it('lists changes before applying an edited file', async () => {
    const { dir, data } = await folderWithDashboardEdit();
    const changed = examplePlan();
    changed.commitments![0]!.checkInAt = '20:30';
    changed.commitments![0]!.remindBefore = 10;
    changed.commitments![0]!.due = '12:30';
    const changedPath = join(dir, 'changed.json');
    writeFileSync(changedPath, JSON.stringify(changed));
    const result = capture();
    expect(await main(['apply', changedPath, '--data', data], result)).toBe(0);
    expect(result.out).toContain(`${changedPath}: changes to make:`);
    expect(result.out).toContain('  update commitment lunch-call');
  });

  it('export-plan writes the stored plan back as a file that applies with no changes', async () => {
    const { dir, data } = await folderWithDashboardEdit();
    const exported = join(dir, 'exported.json');
    const result = capture();
    expect(await main(['export-plan', '--data', data, '--out', exported], result)).toBe(0);
    const plan = JSON.parse(readFileSync(exported, 'utf8'));
    expect(plan.commitments.map((c: { id: string }) => c.id).sort()).toEqual(['dishes', 'lunch-call']);
    const again = capture();
    expect(await main(['apply', exported, '--data', data], again)).toBe(0);
    expect(again.text()).toMatch(/no changes/);
    expect(again.text()).not.toMatch(/Not in/);
    const stdout = capture();
    expect(await main(['export-plan', '--data', data, '--pair', 'nope'], stdout)).toBe(1);
    expect(stdout.err.join('\n')).toMatch(/^No pair "nope" in /);
  });
});

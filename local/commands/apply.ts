import { systemClock } from '../../shared/app-deps.ts';
import { localTwilioSettings, type LocalSettings } from '../../shared/config/local-settings.ts';
import { sesSettings } from '../../shared/config/settings.ts';
import { IdentityTakenError } from '../../shared/consent/identity-claims.ts';
import type { Plan, PlanInput } from '../../shared/model/plan.ts';
import { parsePlanText, validatePlan } from '../../shared/model/validate-plan.ts';
import { diffPlans, keepStoredItems } from '../../shared/plan/plan-diff.ts';
import { planFromStore } from '../../shared/plan/plan-from-store.ts';
import type { Store } from '../../shared/store/store.ts';
import { applyPlan } from '../../shared/plan/apply-plan.ts';
import { openDataFolder } from '../open-data.ts';
import { readUserFile } from '../read-user-file.ts';
import type { Output } from '../output.ts';
import { nextDueLines } from './next-due.ts';

export interface ApplyFlags {
  /** Delete stored items the file does not have (made in the dashboard or the API, or removed from the file). */
  prune?: boolean;
  /** Asks a yes/no question on a terminal; absent when there is none (then nothing is deleted without --prune). */
  confirm?: (question: string) => Promise<boolean>;
}

/**
 * Which plan to write: the file's, plus the stored items it does not have, unless --prune or a
 * "y" on the terminal says to delete them. Prints what will change first.
 */
async function planToWrite(
  store: Store,
  file: Plan,
  fileInput: PlanInput,
  planPath: string,
  flags: ApplyFlags,
  out: Output,
): Promise<{ ok: true; plan: Plan } | { ok: false; problems: string[] }> {
  const storedInput = await planFromStore(store, file.pair.id);
  const storedValidation = storedInput ? validatePlan(storedInput) : null;
  const stored = storedValidation?.ok ? storedValidation.plan : null;
  const { changes, notInNext } = diffPlans(stored, file);
  // A first apply creates everything, and says so below; a later one shows what it will change first.
  if (stored && changes.length > 0) {
    out.info(`${planPath}: changes to make:`);
    for (const change of changes) out.info(`  ${change.action.padEnd(6)} ${change.what}`);
  }
  if (notInNext.length === 0 || !storedInput) return { ok: true, plan: file };
  out.info(`Not in ${planPath} (made in the dashboard or the API, or removed from the file):`);
  for (const what of notInNext) out.info(`  ${what}`);
  const prune =
    flags.prune || (flags.confirm ? await flags.confirm(`Delete these ${notInNext.length} items? [y/N] `) : false);
  if (prune) {
    out.info(`  deleting them${flags.prune ? ' (--prune)' : ''}.`);
    return { ok: true, plan: file };
  }
  out.info(`  kept (apply with --prune to delete them; kept export-plan writes them into a file).`);
  const merged = validatePlan(keepStoredItems(fileInput, storedInput));
  return merged.ok ? { ok: true, plan: merged.plan } : { ok: false, problems: merged.problems };
}

/** `kept apply PLAN.json [--prune]`: validate, show the changes, then write only what changed. Exit 1 on a bad plan, nothing written. */
export async function applyCommand(
  planPath: string,
  config: LocalSettings,
  out: Output,
  flags: ApplyFlags = {},
): Promise<number> {
  const text = await readUserFile(planPath);
  if (!text.ok) {
    out.error(`Cannot read ${planPath}: ${text.why}`);
    return 1;
  }
  const validation = parsePlanText(planPath, text.text);
  if (!validation.ok) {
    out.error(`${planPath} was not applied (nothing was written). Problems:`);
    for (const problem of validation.problems) out.error(`  ${problem}`);
    return 1;
  }
  const opened = await openDataFolder(config.KEPT_DATA_DIR, config.KEPT_SHARDS);
  try {
    // "consent: confirmed" in a plan is taken only while nothing can reach anyone (the local outbox).
    const outboxOnly = !localTwilioSettings(config) && !sesSettings(config);
    const now = systemClock();
    const toWrite = await planToWrite(opened.store, validation.plan, validation.plan, planPath, flags, out);
    if (!toWrite.ok) {
      out.error(
        `${planPath} was not applied (nothing was written): with the items it does not have, the plan is not valid:`,
      );
      for (const problem of toWrite.problems) out.error(`  ${problem}`);
      return 1;
    }
    const result = await applyPlan(opened.store, toWrite.plan, now, {
      planConsent: outboxOnly ? 'honour' : 'ask',
      welcome: true,
    });
    if (result.changes.length === 0) {
      out.info(`${planPath}: no changes (${result.unchanged} items already up to date in ${opened.description}).`);
    } else {
      out.info(`${planPath}: applied to ${opened.description}:`);
      for (const change of result.changes) out.info(`  ${change.action.padEnd(6)} ${change.what}`);
    }
    for (const line of await nextDueLines(opened.store, result.pairId, now, opened.running)) out.info(line);
    return 0;
  } catch (error) {
    if (!(error instanceof IdentityTakenError)) throw error;
    out.error(`${planPath} was not applied (nothing was written): ${error.message}`);
    return 1;
  } finally {
    await opened.close();
  }
}

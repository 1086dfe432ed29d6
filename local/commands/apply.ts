import { readChannelSettings, sesSettings, twilioSettings } from '../../shared/config/channel-settings.ts';
import { IdentityTakenError } from '../../shared/consent/identity-claims.ts';
import { parsePlanText } from '../../shared/model/validate-plan.ts';
import { applyPlan } from '../../shared/plan/apply-plan.ts';
import type { LocalConfig } from '../config.ts';
import { openDataFolder } from '../open-data.ts';
import { readUserFile } from '../read-user-file.ts';
import type { Output } from '../output.ts';
import { nextDueLines } from './next-due.ts';

/** `kept apply PLAN.json`: validate, then write only what changed. Exit 1 on a bad plan, nothing written. */
export async function applyCommand(
  planPath: string,
  config: LocalConfig,
  out: Output,
  env: NodeJS.ProcessEnv = process.env,
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
    const settings = readChannelSettings(env);
    const outboxOnly = !twilioSettings(settings) && !sesSettings(settings);
    const now = Date.now();
    const result = await applyPlan(opened.store, validation.plan, now, {
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

import { writeFile } from 'node:fs/promises';
import { planFromStore } from '../../shared/plan/plan-from-store.ts';
import { dueItems } from '../../shared/store/due-index.ts';
import { isScheduleItem, scheduleFromItem } from '../../shared/store/schedule-repository.ts';
import type { Store } from '../../shared/store/store.ts';
import type { LocalSettings } from '../../shared/config/local-settings.ts';
import { openDataFolder } from '../open-data.ts';
import type { Output } from '../output.ts';

/** The pairs with active schedules (every active schedule is in the due index: no Scan). */
async function pairIds(store: Store): Promise<string[]> {
  const ids = new Set<string>();
  for (let shard = 0; shard < store.shards; shard++)
    for await (const item of dueItems(store, shard, Date.parse('9999-01-01T00:00:00Z')))
      if (isScheduleItem(item)) ids.add(scheduleFromItem(item).pairId);
  return [...ids].sort();
}

/**
 * `kept export-plan [--pair ID] [--out FILE]`: the plan as the store holds it now (including
 * what was added in the dashboard or the API), in the plan file's format, so the file and the
 * dashboard can agree again. Without --pair, the data folder's only pair.
 */
export async function exportPlanCommand(
  options: { pair?: string; out?: string },
  config: LocalSettings,
  out: Output,
): Promise<number> {
  const opened = await openDataFolder(config.KEPT_DATA_DIR, config.KEPT_SHARDS);
  try {
    let pairId = options.pair;
    if (!pairId) {
      const ids = await pairIds(opened.store);
      if (ids.length !== 1) {
        out.error(
          ids.length === 0
            ? `No pair in ${opened.description}; apply a plan first.`
            : `Several pairs in ${opened.description} (${ids.join(', ')}); name one with --pair ID.`,
        );
        return 1;
      }
      pairId = ids[0]!;
    }
    const plan = await planFromStore(opened.store, pairId);
    if (!plan) {
      out.error(`No pair "${pairId}" in ${opened.description}.`);
      return 1;
    }
    const text = `${JSON.stringify(plan, null, 2)}\n`;
    if (options.out) {
      await writeFile(options.out, text);
      out.info(`Wrote the plan of ${pairId} to ${options.out}.`);
    } else out.info(text.trimEnd());
    return 0;
  } finally {
    await opened.close();
  }
}

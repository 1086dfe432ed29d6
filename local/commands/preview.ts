import { renderOccurrence } from '../../shared/delivery/render-delivery.ts';
import type { PartnerRecord } from '../../shared/model/partner-state.ts';
import { firingsBetween } from '../../shared/schedule/next-fire.ts';
import { formatLocal } from '../../shared/schedule/zoned-time.ts';
import { getPartner } from '../../shared/store/partner-repository.ts';
import { isScheduleItem, scheduleFromItem, dueItems } from '../../shared/store/schedule-repository.ts';
import type { Store } from '../../shared/store/store.ts';
import { DAY_MS } from '../../shared/util/time.ts';
import type { LocalConfig } from '../config.ts';
import { openDataFolder } from '../open-data.ts';
import type { Output } from '../output.ts';

export interface PreviewLine {
  at: string;
  pairId: string;
  recipient: string;
  localTime: string;
  zone: string;
  kind: string;
  body: string;
}

/** The messages active schedules will produce in [from, from + days), in time order. */
export async function previewMessages(store: Store, from: number, days: number): Promise<PreviewLine[]> {
  const until = from + days * DAY_MS;
  const partners = new Map<string, PartnerRecord | null>();
  const lines: PreviewLine[] = [];
  for (let shard = 0; shard < store.shards; shard++) {
    // Every active schedule is in the due index, so this lists them without a Scan.
    for await (const item of dueItems(store, shard, Date.parse('9999-01-01T00:00:00Z'))) {
      if (!isScheduleItem(item)) continue;
      const schedule = scheduleFromItem(item);
      const key = `${schedule.pairId}/${schedule.recipientId}`;
      if (!partners.has(key)) partners.set(key, await getPartner(store, schedule.pairId, schedule.recipientId));
      const partner = partners.get(key);
      const firings =
        schedule.members.length === 0
          ? [{ occurrenceAt: schedule.occurrenceAt!, fireAt: Math.max(schedule.fireAt!, from) }]
          : firingsBetween(schedule, Math.max(from, schedule.occurrenceAt ?? from), until);
      for (const firing of firings) {
        if (firing.fireAt >= until) continue;
        lines.push({
          at: new Date(firing.fireAt).toISOString(),
          pairId: schedule.pairId,
          recipient: partner?.name ?? schedule.recipientId,
          localTime: formatLocal(firing.fireAt, schedule.recipientZone),
          zone: schedule.recipientZone,
          kind: schedule.kind,
          body: renderOccurrence(schedule, firing.occurrenceAt).body,
        });
      }
    }
  }
  return lines.sort((a, b) => a.at.localeCompare(b.at) || a.recipient.localeCompare(b.recipient));
}

export async function previewCommand(days: number, asJson: boolean, config: LocalConfig, out: Output): Promise<number> {
  const opened = await openDataFolder(config.KEPT_DATA_DIR, config.KEPT_SHARDS);
  try {
    const lines = await previewMessages(opened.store, Date.now(), days);
    if (asJson) for (const line of lines) out.info(JSON.stringify(line));
    else if (lines.length === 0) out.info(`Nothing scheduled in the next ${days} days in ${opened.description}.`);
    else {
      for (const line of lines) {
        out.info(
          `${line.at.slice(0, 16).replace('T', ' ')} UTC  ${line.recipient} ${line.localTime.slice(11)} (${line.zone})  ${line.kind}: ${line.body}`,
        );
      }
    }
    return 0;
  } finally {
    await opened.close();
  }
}

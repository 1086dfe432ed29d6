import { systemClock } from '../../shared/app-deps.ts';
import { renderOccurrence } from '../../shared/delivery/render-delivery.ts';
import type { PartnerRecord } from '../../shared/model/partner-state.ts';
import type { ScheduleState } from '../../shared/model/schedule.ts';
import { firingsBetween, type Firing } from '../../shared/schedule/next-fire.ts';
import { buildWeeklySummary } from '../../shared/summary/build-summary.ts';
import { summarySubject } from '../../shared/summary/render-summary.ts';
import { formatLocal } from '../../shared/schedule/zoned-time.ts';
import { getPartner } from '../../shared/store/partner-repository.ts';
import { dueItems } from '../../shared/store/due-index.ts';
import { isScheduleItem, scheduleFromItem } from '../../shared/store/schedule-repository.ts';
import type { Store } from '../../shared/store/store.ts';
import { DAY_MS } from '../../shared/util/time.ts';
import type { LocalSettings } from '../../shared/config/local-settings.ts';
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
  /** "deferred from 23:10: quiet hours" when it goes later than its time. */
  note?: string;
  /** Held by the recipient's PAUSE: logged as paused, not sent. */
  paused?: boolean;
}

/** What a line says beyond its text: a pause, or why it goes later than its time. */
function noteOf(firing: Firing, zone: string, partner: PartnerRecord | null | undefined): Partial<PreviewLine> {
  const paused = partner?.pausedUntil !== undefined && Date.parse(partner.pausedUntil) > firing.fireAt;
  const notes = [
    firing.deferredBy && `deferred from ${formatLocal(firing.occurrenceAt, zone).slice(11)}: ${firing.deferredBy}`,
    paused && `paused until ${formatLocal(Date.parse(partner!.pausedUntil!), zone)}`,
  ].filter(Boolean);
  return { ...(notes.length > 0 ? { note: notes.join('; ') } : {}), ...(paused ? { paused } : {}) };
}

/** A summary's text is written when it goes out; the preview shows its headline from the check-ins so far. */
async function summaryHeadline(store: Store, schedule: ScheduleState, occurrenceAt: number): Promise<string> {
  const summary = await buildWeeklySummary(store, schedule.pairId, schedule.recipientId, occurrenceAt);
  return summary ? `${summarySubject(summary)} (so far)` : '';
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
      const firings: Firing[] =
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
          body:
            schedule.kind === 'summary'
              ? await summaryHeadline(store, schedule, firing.occurrenceAt)
              : renderOccurrence(schedule, firing.occurrenceAt).body,
          ...noteOf(firing, schedule.recipientZone, partner),
        });
      }
    }
  }
  return lines.sort((a, b) => a.at.localeCompare(b.at) || a.recipient.localeCompare(b.recipient));
}

export async function previewCommand(
  days: number,
  asJson: boolean,
  config: LocalSettings,
  out: Output,
): Promise<number> {
  const opened = await openDataFolder(config.KEPT_DATA_DIR, config.KEPT_SHARDS);
  try {
    const lines = await previewMessages(opened.store, systemClock(), days);
    if (asJson) for (const line of lines) out.info(JSON.stringify(line));
    else if (lines.length === 0) out.info(`Nothing scheduled in the next ${days} days in ${opened.description}.`);
    else {
      for (const line of lines) {
        out.info(
          `${line.at.slice(0, 16).replace('T', ' ')} UTC  ${line.recipient} ${line.localTime.slice(11)} (${line.zone})  ${line.kind}: ${line.body}${line.note ? `  [${line.note}]` : ''}`,
        );
      }
    }
    return 0;
  } finally {
    await opened.close();
  }
}

import { planEventMessage } from '../delivery/plan-message.ts';
import type { DeliveryQueue } from '../delivery/queue.ts';
import { snoozeTexts } from '../messages/snooze-texts.ts';
import type { MessageKind } from '../model/message.ts';
import type { PartnerRecord } from '../model/partner-state.ts';
import { deferPastQuietHours } from '../schedule/quiet-hours.ts';
import { formatLocal } from '../schedule/zoned-time.ts';
import { getCheckIn } from '../store/checkin-repository.ts';
import { listDeliveries, type Delivery } from '../store/delivery-repository.ts';
import { checkInSk } from '../store/keys.ts';
import type { Store } from '../store/store.ts';
import { DAY_MS, HOUR_MS } from '../util/time.ts';

/** A reminder or check-in comes again at most this many times. */
export const MAX_SNOOZES = 3;
const SNOOZABLE: ReadonlySet<MessageKind> = new Set(['reminder', 'checkin', 'ritual-reminder', 'ritual-checkin']);
const CHECKIN_KINDS: ReadonlySet<MessageKind> = new Set(['checkin', 'ritual-checkin']);

/** A snoozed copy's schedule id: "checkin:snooze-2:checkin:sam:2000" (kind, count, the original's schedule). */
const SNOOZED = /^[^:]+:snooze-(\d+):(.+)$/;

export interface SnoozeDeps {
  store: Store;
  queue: DeliveryQueue;
}

/**
 * SNOOZE: the latest reminder or check-in this partner got comes again `minutes` later, as
 * the same message (a check-in reopens the same occurrence). At most MAX_SNOOZES times per
 * message, and never past the end of the partner's day (a time in quiet hours counts as past).
 */
export async function snooze(
  deps: SnoozeDeps,
  partner: PartnerRecord,
  minutes: number,
  now: number,
): Promise<{ outcome: string; reply: string }> {
  const recent = await listDeliveries(deps.store, partner.pairId, now - DAY_MS - 12 * HOUR_MS, now + HOUR_MS);
  const latest = recent
    .filter(
      (d) =>
        d.recipientId === partner.partnerId &&
        SNOOZABLE.has(d.kind) &&
        d.status === 'sent' &&
        d.finishedAt !== undefined &&
        d.finishedAt <= now &&
        d.finishedAt > now - DAY_MS,
    )
    .sort((a, b) => a.finishedAt! - b.finishedAt! || a.deliveryKey.localeCompare(b.deliveryKey))
    .at(-1);
  if (!latest) return { outcome: 'nothing-to-snooze', reply: snoozeTexts.nothing() };
  if (await allAnswered(deps.store, latest, partner.partnerId))
    return { outcome: 'nothing-to-snooze', reply: snoozeTexts.answered() };

  const copy = latest.scheduleId.match(SNOOZED);
  const count = (copy ? Number(copy[1]) : 0) + 1;
  if (count > MAX_SNOOZES) return { outcome: 'snooze-limit', reply: snoozeTexts.tooMany(MAX_SNOOZES) };
  const fireAt = deferPastQuietHours(now + minutes * 60_000, partner.timezone, partner.quietHours);
  if (formatLocal(fireAt, partner.timezone).slice(0, 10) !== formatLocal(now, partner.timezone).slice(0, 10))
    return { outcome: 'snooze-past-today', reply: snoozeTexts.pastToday() };

  const created = await planEventMessage(
    deps,
    {
      pairId: partner.pairId,
      recipient: partner,
      kind: latest.kind,
      eventKey: `snooze-${count}:${copy ? copy[2] : latest.scheduleId}`,
      eventAt: latest.occurrenceAt,
      aboutAt: latest.aboutAt,
      titles: latest.titles,
      body: latest.body,
      subject: latest.subject,
      refs: latest.refs,
      respectQuietHours: true,
      notBefore: fireAt,
    },
    now,
  );
  const localTime = formatLocal(fireAt, partner.timezone).slice(11);
  if (!created) return { outcome: 'already-snoozed', reply: snoozeTexts.alreadySnoozed(localTime) };
  return { outcome: 'snoozed', reply: snoozeTexts.snoozed(localTime, MAX_SNOOZES - count) };
}

/** A check-in message whose every check-in this partner has answered (or a ritual done) has nothing left to ask. */
async function allAnswered(store: Store, delivery: Delivery, partnerId: string): Promise<boolean> {
  if (!CHECKIN_KINDS.has(delivery.kind) || delivery.refs.length === 0) return false;
  const about = delivery.aboutAt ?? delivery.occurrenceAt;
  const checkIns = await Promise.all(
    delivery.refs.map((ref) => getCheckIn(store, delivery.pairId, checkInSk(about, ref))),
  );
  return checkIns.every(
    (c) => c && (c.answers[partnerId] !== undefined || (c.ownerId === 'both' && c.status === 'kept')),
  );
}

import { planEventMessage } from '../delivery/plan-message.ts';
import type { DeliveryQueue } from '../delivery/queue.ts';
import { practiceTexts } from '../messages/practice-texts.ts';
import { CHECKIN_OPEN_MS, type CheckIn } from '../model/checkin.ts';
import type { PartnerRecord } from '../model/partner-state.ts';
import { listCheckIns } from '../store/checkin-repository.ts';
import { markOwned, markRepairNoted } from '../store/repair-repository.ts';
import type { Store } from '../store/store.ts';
import { OWNED_MISS_VALUE } from '../summary/statistics.ts';
import { DAY_MS } from '../util/time.ts';

/** A miss can be owned for 7 days after it became one. */
const OWN_WINDOW_MS = 7 * DAY_MS;

/** When a check-in became a miss: its N, or 24 hours after the last prompt went unanswered; null if it is not one. */
function missedSince(
  checkIn: Pick<CheckIn, 'status' | 'answeredAt' | 'occurrenceAt' | 'promptedAt'>,
  now: number,
): number | null {
  if (checkIn.status === 'missed') return Date.parse(checkIn.answeredAt ?? checkIn.occurrenceAt);
  if (checkIn.status !== 'open') return null;
  const prompts = Object.values(checkIn.promptedAt).map((p) => Date.parse(p));
  if (prompts.length === 0) return null;
  const closed = Math.max(...prompts) + CHECKIN_OPEN_MS;
  return closed <= now ? closed : null;
}

/** A miss of this partner's own, not owned yet, within 7 days. */
export function canOwn(
  checkIn: Pick<CheckIn, 'ownerId' | 'ownedAt' | 'status' | 'answeredAt' | 'occurrenceAt' | 'promptedAt'>,
  partnerId: string,
  now: number,
): boolean {
  if (checkIn.ownerId !== partnerId || checkIn.ownedAt) return false;
  const since = missedSince(checkIn, now);
  return since !== null && now - since <= OWN_WINDOW_MS;
}

/** This partner's own misses that can still be owned (not owned yet, within 7 days), oldest first. */
export function ownableMisses(checkIns: CheckIn[], partnerId: string, now: number): CheckIn[] {
  return checkIns
    .filter((c) => canOwn(c, partnerId, now))
    .sort((a, b) => a.occurrenceAt.localeCompare(b.occurrenceAt) || a.checkInKey.localeCompare(b.checkInKey));
}

/** The check-ins that may hold an ownable miss at `now` (7 days plus the 24-hour answer window, and a margin). */
export const recentForOwning = (store: Store, pairId: string, now: number) =>
  listCheckIns(store, pairId, now - OWN_WINDOW_MS - 3 * DAY_MS, now);

/** When the notice a partner can answer THANKS to went out: a kept notice, or a repair note. */
export const noticeToThankAt = (c: Pick<CheckIn, 'status' | 'keptNoticeAt' | 'repairNoteAt'>): string | undefined =>
  c.status === 'kept' ? c.keptNoticeAt : c.repairNoteAt;

export type OwnOutcome = 'owned' | 'not-ownable';

/**
 * Owns a miss: it counts half in habit strength (OWNED_MISS_VALUE), and the partner gets a
 * `repair-note` with the owner's words ("Sam owned a missed promise (Call Alex at lunch): ...").
 * Telling is the owner's choice: nothing about a miss reaches the partner any other way.
 * Idempotent: a retried request finishes what a crash left.
 */
export async function ownMiss(
  deps: { store: Store; queue: DeliveryQueue },
  who: { partner: PartnerRecord; other: PartnerRecord | undefined },
  checkIn: CheckIn,
  note: string,
  now: number,
): Promise<OwnOutcome> {
  if (!(await markOwned(deps.store, checkIn, note, OWNED_MISS_VALUE, now))) return 'not-ownable';
  if (who.other) {
    const text = practiceTexts.repairNote(who.partner.name, checkIn.title, note);
    await planEventMessage(
      deps,
      {
        pairId: checkIn.pairId,
        recipient: who.other,
        kind: 'repair-note',
        eventKey: checkIn.checkInKey,
        eventAt: Date.parse(checkIn.occurrenceAt),
        body: text.body,
        subject: text.subject,
        refs: [checkIn.ref],
        respectQuietHours: true,
      },
      now,
    );
    await markRepairNoted(deps.store, checkIn, now);
  }
  return 'owned';
}

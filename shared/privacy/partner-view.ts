import type { CheckIn } from '../model/checkin.ts';
import type { PromiseStats } from '../summary/statistics.ts';

/**
 * What one partner may see of the other: the single rule every route, page, notice and summary
 * goes through. Under `kept-only` (the default) a partner sees what the other kept, never a
 * miss, an unanswered check-in, a streak or a score; under `all`, everything.
 */
export type Share = 'kept-only' | 'all';

/** What may be shown of the other partner's promise: its name and how often it was kept. */
export type OthersStats = Pick<PromiseStats, 'ref' | 'title' | 'shared' | 'kept'> & Partial<PromiseStats>;

export const shareOf = (pair: { share?: unknown } | null | undefined): Share =>
  pair?.share === 'all' ? 'all' : 'kept-only';

/** Whether `viewerId` may see this check-in: their own, the couple's, or the other's when kept (or all shared). */
export function maySeeCheckIn(share: Share, viewerId: string, checkIn: Pick<CheckIn, 'ownerId' | 'status'>): boolean {
  return checkIn.ownerId === viewerId || checkIn.ownerId === 'both' || checkIn.status === 'kept' || share === 'all';
}

/**
 * A check-in without what only its author may read, for every route that hands check-ins to a
 * partner (the log, the export): the note of an answer someone else gave, and the answer the
 * other partner replaced (`undoTo`: their kept may have been a miss a minute before, with a
 * note). The viewer's own undo record stays, without the note of an earlier answer not theirs.
 */
export function checkInPrivateView<T extends Pick<CheckIn, 'ownerId' | 'answeredBy' | 'note' | 'undoTo'>>(
  checkIn: T,
  viewerId: string,
): Omit<T, 'note' | 'undoTo'> & Partial<Pick<T, 'note' | 'undoTo'>> {
  const { note, undoTo, ...rest } = checkIn;
  const noteIsMine = (checkIn.answeredBy ?? checkIn.ownerId) === viewerId;
  return {
    ...rest,
    ...(noteIsMine && note !== undefined ? { note } : {}),
    ...(undoTo?.by === viewerId
      ? { undoTo: { ...undoTo, note: undoTo.answeredBy === viewerId ? undoTo.note : null } }
      : {}),
  };
}

/** The other partner's promise record as the viewer may see it. */
export function othersStatsView(share: Share, stats: PromiseStats | OthersStats): OthersStats {
  if (share === 'all') return stats;
  const { ref, title, shared, kept } = stats;
  return { ref, title, shared, kept };
}

/**
 * A weekly summary as its reader may see it: the other partner's promises through
 * othersStatsView, and the couple's count without the other's due (due minus kept would be
 * their misses).
 */
export function summaryView<
  T extends {
    share: Share;
    other: OthersStats[];
    own: PromiseStats[];
    rituals: PromiseStats[];
    couple: { kept: number; due?: number };
  },
>(summary: T): T {
  if (summary.share === 'all') return summary;
  const { due: _due, ...couple } = summary.couple;
  return { ...summary, other: summary.other.map((s) => othersStatsView(summary.share, s)), couple };
}

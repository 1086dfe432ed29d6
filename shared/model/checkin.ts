import type { Answer } from '../replies/parse-reply.ts';

export type CheckInStatus = 'open' | Answer | 'paused' | 'expired';

/**
 * One promise's occurrence: did it happen? A commitment's check-in belongs to its owner; a
 * ritual's is shared, prompted to both partners, and counted done when either says Y.
 */
export interface CheckIn {
  pairId: string;
  checkInKey: string; // sort key: CHK#<occurrence>#<ref>
  ref: string; // "commitment:lunch-call" or "ritual:night-walk"
  title: string;
  ownerId: string; // a partner id, or "both" for a ritual
  occurrenceAt: string;
  status: CheckInStatus;
  /** When each partner was asked; a prompt stays open 24 hours from here. */
  promptedAt: Record<string, string>;
  answers: Record<string, Answer>;
  answeredAt?: string;
  answeredBy?: string;
  note?: string;
  keptNoticeAt?: string;
  /** The check-in as it was before `by`'s latest answer: what an undo of that answer restores. */
  undoTo?: {
    by: string;
    answer: Answer | null;
    status: CheckInStatus;
    answeredAt: string | null;
    answeredBy: string | null;
    note: string | null;
    count?: number | null;
  };
  thankedAt?: string;
  /**
   * What a missed occurrence adds to habit strength instead of 0 (an owned miss: 0.5).
   * Read by strengthValue in shared/summary/statistics.ts; kept always counts 1.
   */
  strengthValue?: number;
  /** How many times, for a promise with a flexible goal answered with a number ("2"). */
  count?: number;
  /** An owned miss (the OWN reply): when, and the owner's words to the partner. */
  ownedAt?: string;
  ownNote?: string;
  /** When the repair note went to the partner (THANKS answers it like a kept notice). */
  repairNoteAt?: string;
}

export const CHECKIN_OPEN_MS = 24 * 60 * 60_000;

import { UNDO_WINDOW_MS } from '../http/checkin-link-routes.ts';
import type { CheckIn } from '../model/checkin.ts';
import type { Commitment } from '../model/plan.ts';
import { canOwn } from '../practices/own-miss.ts';
import { checkInPrivateView } from '../privacy/partner-view.ts';
import { canThank } from '../replies/thank.ts';
import { asksHowMany } from '../schedule/derive-schedules.ts';
import type { StoredDefinition } from '../store/pair-repository.ts';

/**
 * One visible check-in of the log (maySeeCheckIn already applied) as the viewer gets it, with
 * what the dashboard may offer on it. Never sent: the pair id, a note the viewer did not write
 * (checkInPrivateView, as in the export), and the undo record (the log needs only `undoable`).
 */
export function checkInLogEntry(c: CheckIn, me: string, definitions: StoredDefinition[], now: number) {
  const { pairId: _p, undoTo: _undo, ...rest } = checkInPrivateView(c, me);
  const mineOrShared = c.ownerId === me || c.ownerId === 'both';
  const commitment = definitions.find((d) => d.type === 'commitment' && `commitment:${d.id}` === c.ref);
  return {
    ...rest,
    // Your own: whether the miss can still be owned (POST .../own).
    ...(c.ownerId === me ? { ownable: canOwn(c, me, now) } : {}),
    // "How many times today?" promises are answered with a number (POST .../answer {"count"}).
    ...(c.ownerId === me && commitment && asksHowMany(commitment.data as unknown as Commitment)
      ? { asksCount: true }
      : {}),
    // What the dashboard offers: answering (the server still applies the 24-hour rule), thanking.
    answerable: mineOrShared && c.status === 'open' && c.answers[me] === undefined && !canOwn(c, me, now),
    // Your own latest answer, within the hour: POST .../undo takes it back.
    undoable:
      mineOrShared &&
      c.answers[me] !== undefined &&
      c.answeredBy === me &&
      Date.parse(c.answeredAt ?? '') >= now - UNDO_WINDOW_MS,
    thankable: !mineOrShared && canThank(c, c.ownerId, now) && !c.thankedAt,
  };
}

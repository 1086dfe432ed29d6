import { pulseAnswerUpdate, recordPulse, waitingPulse } from '../store/pulse-repository.ts';
import type { TurnContext } from '../replies/turn-context.ts';
import { sharesPulseNow } from './pulse.ts';

/**
 * A bare number 0-10 answers the weekly pulse while one waits for this partner's answer
 * (48 hours) and no check-in waits for theirs (then the number is a count for the check-in).
 * Returns null when the number is not a pulse answer.
 */
export async function pulseTurn(
  context: Pick<TurnContext, 'deps' | 'partner' | 'now' | 'hasOpenCheckIn' | 'staged'>,
  value: number,
): Promise<{ outcome: string; reply: string } | null> {
  if (!Number.isInteger(value) || value < 0 || value > 10) return null;
  const { deps, partner, now } = context;
  const pulse = await waitingPulse(deps.store, partner.pairId, partner.partnerId, now);
  if (!pulse || (await context.hasOpenCheckIn())) return null;
  // A number given while the rater does not share stays private for good, even if the question
  // was asked while they shared: sharing again later must not reveal it (pulse-summary.ts).
  // Only a question asked while sharing can lose its mark: a private one needs no read.
  const sharing = pulse.shared === true && (await sharesPulseNow(deps.store, partner.pairId, partner.partnerId));
  // Gathered with the reply where it can be: the text is then read and handled once.
  if (context.staged) context.staged.add({ Update: pulseAnswerUpdate(pulse, value, now, { sharing }) });
  else await recordPulse(deps.store, pulse, value, now, { sharing });
  return { outcome: 'pulse', reply: `Noted: ${value}. It shows in your own weekly summary as a trend.` };
}

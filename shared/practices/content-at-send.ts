import { writeConversationPrompt } from '../conversations/conversation-content.ts';
import { withdrawPulseQuestion, writePulseQuestion } from './pulse.ts';
import { writeSupporterSummary } from '../supporters/supporter-delivery.ts';
import type { MessageKind } from '../model/message.ts';
import type { Delivery } from '../store/delivery-repository.ts';
import type { Store } from '../store/store.ts';

/** Practice messages whose text is written when they go out (like the weekly summary). */
const WRITERS: Partial<
  Record<
    MessageKind,
    (deps: { store: Store; links?: { secret: string; publicUrl: string } }, delivery: Delivery) => Promise<void>
  >
> = {
  'conversation-prompt': writeConversationPrompt,
  'pulse-question': writePulseQuestion,
  'supporter-summary': writeSupporterSummary,
};

/** True when this delivery still needs its text written by a practice (then call writePracticeContent). */
export const needsPracticeContent = (delivery: Delivery) =>
  delivery.body === '' && delivery.status === 'planned' && WRITERS[delivery.kind] !== undefined;

export function writePracticeContent(
  deps: { store: Store; links?: { secret: string; publicUrl: string } },
  delivery: Delivery,
): Promise<void> {
  return WRITERS[delivery.kind]!(deps, delivery);
}

/**
 * What writing a practice's text opened for an answer, taken back when the message will not go
 * out after all (paused, no consent, too late). A conversation is left: it is the pair's, and
 * the other partner's prompt may go out.
 */
const WITHDRAWERS: Partial<Record<MessageKind, (deps: { store: Store }, delivery: Delivery) => Promise<void>>> = {
  'pulse-question': withdrawPulseQuestion,
};

export async function withdrawPracticeContent(deps: { store: Store }, delivery: Delivery): Promise<void> {
  await WITHDRAWERS[delivery.kind]?.(deps, delivery);
}

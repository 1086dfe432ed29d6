import type { SimulatedMessage, SimulatedReply } from '../../local/simulate.ts';

/** A text a partner sends at `at` (ISO), for simulate's replies. */
export const textAt = (at: string, phone: string, body: string): SimulatedReply => ({ at, from: phone, body });

/** The simulated messages of one kind, only those to `to` when given. */
export const ofKind = (lines: SimulatedMessage[], kind: string, to?: string) =>
  lines.filter((m) => m.kind === kind && (to === undefined || m.to === to));

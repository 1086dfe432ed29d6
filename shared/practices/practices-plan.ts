import type { PlanInput } from '../model/plan.ts';

/** The plan file's practice settings (conversations...) rebuilt from their stored definitions. */
export function practicesFromDefinitions(
  of: (type: string) => Array<Record<string, unknown>>,
): Pick<PlanInput, 'conversations' | 'pulse' | 'supporters'> {
  const [conversations] = of('conversations');
  const [pulse] = of('pulse');
  const supporters = of('supporter');
  const practices: Pick<PlanInput, 'conversations' | 'pulse' | 'supporters'> = {};
  if (conversations) {
    const { id: _id, ...settings } = conversations;
    practices.conversations = settings as PlanInput['conversations'];
  }
  if (pulse) practices.pulse = { day: pulse.day, at: pulse.at } as PlanInput['pulse'];
  if (supporters.length > 0) practices.supporters = supporters as PlanInput['supporters'];
  return practices;
}

/** Partners who share their weekly pulse, as stored with the pulse settings (none without settings). */
export const pulseSharers = (pulseSettings: Record<string, unknown> | undefined): string[] =>
  (pulseSettings?.sharedBy as string[] | undefined) ?? [];

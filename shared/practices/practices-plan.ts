import type { PlanInput } from '../model/plan.ts';

/** The plan file's practice settings (conversations...) rebuilt from their stored definitions. */
export function practicesFromDefinitions(
  of: (type: string) => Array<Record<string, unknown>>,
): Pick<PlanInput, 'conversations' | 'pulse'> {
  const [conversations] = of('conversations');
  const [pulse] = of('pulse');
  const practices: Pick<PlanInput, 'conversations' | 'pulse'> = {};
  if (conversations) {
    const { id: _id, ...settings } = conversations;
    practices.conversations = settings as PlanInput['conversations'];
  }
  if (pulse) practices.pulse = { day: pulse.day, at: pulse.at } as PlanInput['pulse'];
  return practices;
}

/** Partners who share their weekly pulse, as stored with the pulse settings. */
export const pulseSharers = (of: (type: string) => Array<Record<string, unknown>>): string[] =>
  (of('pulse')[0]?.sharedBy as string[] | undefined) ?? [];

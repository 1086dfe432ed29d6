import type { PlanInput } from '../model/plan.ts';

/** The plan file's practice settings (conversations...) rebuilt from their stored definitions. */
export function practicesFromDefinitions(
  of: (type: string) => Array<Record<string, unknown>>,
): Pick<PlanInput, 'conversations'> {
  const [conversations] = of('conversations');
  if (!conversations) return {};
  const { id: _id, ...settings } = conversations;
  return { conversations: settings as PlanInput['conversations'] };
}

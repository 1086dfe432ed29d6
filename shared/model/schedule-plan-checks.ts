import type { Plan } from './plan.ts';

/** Cross-field rules of a commitment's reminder and goal, named by field path. */
export function commitmentScheduleProblems(plan: Plan): string[] {
  const problems: string[] = [];
  plan.commitments.forEach((c, i) => {
    const path = `commitments[${i}]`;
    if (c.remindBefore !== undefined && c.due === undefined)
      problems.push(`${path}.remindBefore: needs "due", the time it is minutes before`);
    if (c.remindBefore !== undefined && c.remind !== undefined)
      problems.push(`${path}.remind: give "remind" (a time) or "remindBefore" (minutes before "due"), not both`);
    if (c.target !== undefined && c.limit !== undefined)
      problems.push(`${path}.limit: give "target" (at least) or "limit" (at most), not both`);
  });
  return problems;
}

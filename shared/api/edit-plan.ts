import { randomBytes } from 'node:crypto';
import type { PlanInput } from '../model/plan.ts';
import { validatePlan } from '../model/validate-plan.ts';
import { applyPlan } from '../plan/apply-plan.ts';
import { planFromStore } from '../plan/plan-from-store.ts';
import { errorResponse, json, type HttpResponse } from '../http/types.ts';
import type { ApiDeps } from './api-context.ts';

/** A readable, unique id from a title: "Call Alex at lunch" -> "call-alex-at-lunch-3f9a". */
export function newId(title: string): string {
  const slug = title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `${slug || 'item'}-${randomBytes(2).toString('hex')}`;
}

/** A refused plan as the API's error: the first problem, its field path (relative to `focus`), and all of them. */
export function planProblems(problems: string[], focus?: string): HttpResponse {
  const [first] = problems;
  const [path, ...message] = first!.split(': ');
  const relative = focus && path!.startsWith(`${focus}.`) ? path!.slice(focus.length + 1) : path;
  return json(400, { error: { code: 'invalid', message: message.join(': '), path: relative }, problems });
}

/**
 * Changes a pair's plan the way `kept apply` does: the same schema, the same checks, only
 * what changed is written, and a refused change writes nothing.
 */
export async function editPlan(
  deps: ApiDeps,
  pairId: string,
  edit: (plan: PlanInput) => HttpResponse | { focus?: string } | undefined,
): Promise<HttpResponse> {
  const plan = await planFromStore(deps.store, pairId);
  if (!plan) return errorResponse(404, 'not_found', 'Not found');
  const outcome = edit(plan);
  if (outcome && 'status' in outcome) return outcome;
  const validation = validatePlan(plan);
  if (!validation.ok) return planProblems(validation.problems, outcome?.focus);
  const result = await applyPlan(deps.store, validation.plan, deps.now());
  return json(200, { plan: validation.plan, changes: result.changes });
}

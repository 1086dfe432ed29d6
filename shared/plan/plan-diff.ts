import type { Plan, PlanInput } from '../model/plan.ts';
import { contentHash } from '../util/hash.ts';

export interface PlanItemChange {
  action: 'create' | 'update' | 'delete';
  what: string; // "commitment lunch-call"
}

const LISTS = [
  ['partners', 'partner'],
  ['commitments', 'commitment'],
  ['rituals', 'ritual'],
  ['affirmations', 'affirmation'],
] as const;

/** Every item of a plan by a readable name ("ritual night-walk"), with its content. */
function itemsOf(plan: Plan): Map<string, unknown> {
  const items = new Map<string, unknown>();
  const { id: _id, ...pair } = plan.pair;
  items.set(`pair ${plan.pair.id}`, pair);
  for (const [list, name] of LISTS) for (const item of plan[list]) items.set(`${name} ${item.id}`, item);
  if (plan.conversations) items.set('conversations', plan.conversations);
  return items;
}

/**
 * What applying `next` over `stored` changes, item by item (both validated, so defaults are
 * filled alike), and which stored items `next` does not have: those made elsewhere (the
 * dashboard, the API) or removed from the file, which only a prune deletes.
 */
export function diffPlans(stored: Plan | null, next: Plan): { changes: PlanItemChange[]; notInNext: string[] } {
  const before = stored ? itemsOf(stored) : new Map<string, unknown>();
  const after = itemsOf(next);
  const changes: PlanItemChange[] = [];
  for (const [what, item] of after) {
    const old = before.get(what);
    if (old === undefined) changes.push({ action: 'create', what });
    else if (contentHash(old) !== contentHash(item)) changes.push({ action: 'update', what });
  }
  const notInNext = [...before.keys()].filter((what) => !after.has(what));
  return { changes, notInNext };
}

/** `next` plus the stored items it does not have: what an apply without prune writes. */
export function keepStoredItems(next: PlanInput, stored: PlanInput): PlanInput {
  const merged: PlanInput = { ...next };
  for (const [list] of LISTS) {
    const have = new Set((next[list] ?? []).map((item) => item.id));
    const extra = (stored[list] ?? []).filter((item) => !have.has(item.id));
    if (extra.length > 0) (merged as Record<string, unknown>)[list] = [...(next[list] ?? []), ...extra];
  }
  if (!next.conversations && stored.conversations) merged.conversations = stored.conversations;
  return merged;
}

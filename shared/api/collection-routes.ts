import type { PlanInput } from '../model/plan.ts';
import type { Route } from '../http/types.ts';
import {
  asMember,
  authenticateMember,
  isResponse,
  notFound,
  readJsonObject,
  type ApiDeps,
  type Caller,
} from './api-context.ts';
import { editPlan, newId } from './edit-plan.ts';

type Collection = 'commitments' | 'rituals' | 'affirmations';
type Item = Record<string, unknown> & { id: string };

/** Who may change what: your own commitments; the couple's rituals; affirmations you wrote. */
const RULES: Record<
  Collection,
  {
    owns: (item: Item, caller: Caller) => boolean;
    stamp: (item: Item, caller: Caller, plan: PlanInput) => void;
    titleOf: (item: Item) => string;
  }
> = {
  commitments: {
    owns: (item, caller) => item.owner === caller.partner!.partnerId,
    stamp: (item, caller) => {
      item.owner = caller.partner!.partnerId;
    },
    titleOf: (item) => String(item.title ?? ''),
  },
  rituals: { owns: () => true, stamp: () => {}, titleOf: (item) => String(item.title ?? '') },
  affirmations: {
    owns: (item, caller) => item.from === caller.partner!.partnerId,
    stamp: (item, caller, plan) => {
      item.from = caller.partner!.partnerId;
      item.to ??= plan.partners.find((p) => p.id !== caller.partner!.partnerId)?.id ?? '';
    },
    titleOf: (item) => String(item.text ?? ''),
  },
};

/**
 * Create, change and remove commitments, rituals and affirmations. Each change is a plan
 * edit, validated by the plan file's own schema, so the API and `kept apply` agree.
 */
export function collectionRoutes(deps: ApiDeps, collection: Collection): Route[] {
  const rules = RULES[collection];
  /** The caller and a JSON object body, or the response that says what is wrong. */
  const withCallerAndBody = async (request: Parameters<Route['handle']>[0]) => {
    const caller = await authenticateMember(deps, request);
    if (isResponse(caller)) return caller;
    const body = readJsonObject(request);
    if (isResponse(body)) return body;
    return { caller, input: body.value };
  };
  const ownedIndex = (plan: PlanInput, caller: Caller, id: string) =>
    ((plan[collection] ?? []) as Item[]).findIndex((item) => item.id === id && rules.owns(item, caller));
  return [
    {
      method: 'POST',
      path: `/api/${collection}`,
      handle: async (request) => {
        const checked = await withCallerAndBody(request);
        if (isResponse(checked)) return checked;
        const { caller, input } = checked;
        return editPlan(deps, caller.partner!.pairId, (plan) => {
          plan[collection] ??= [];
          const list = plan[collection] as Item[];
          const item: Item = { ...input, id: newId(rules.titleOf(input as Item)) };
          rules.stamp(item, caller, plan);
          list.push(item);
          return { focus: `${collection}[${list.length - 1}]` };
        });
      },
    },
    {
      method: 'PUT',
      path: `/api/${collection}/:id`,
      handle: async (request, params) => {
        const checked = await withCallerAndBody(request);
        if (isResponse(checked)) return checked;
        const { caller, input } = checked;
        return editPlan(deps, caller.partner!.pairId, (plan) => {
          const list = (plan[collection] ?? []) as Item[];
          const index = ownedIndex(plan, caller, params.id!);
          if (index < 0) return notFound();
          const item: Item = { ...input, id: params.id! };
          rules.stamp(item, caller, plan);
          list[index] = item;
          return { focus: `${collection}[${index}]` };
        });
      },
    },
    {
      method: 'DELETE',
      path: `/api/${collection}/:id`,
      handle: asMember(deps, async (caller, _request, params) => {
        return editPlan(deps, caller.partner!.pairId, (plan) => {
          const index = ownedIndex(plan, caller, params.id!);
          if (index < 0) return notFound();
          ((plan[collection] ?? []) as Item[]).splice(index, 1);
        });
      }),
    },
  ];
}

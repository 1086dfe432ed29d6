import type { StoredDefinition } from '../store/pair-repository.ts';
import type { Store } from '../store/store.ts';
import { listAgreements } from '../store/supporter-repository.ts';

/**
 * The definitions without supporters a partner removed or declined: their definition stays
 * until the plan is applied again (the SMS webhook deletes nothing), but they are no longer
 * part of the plan. One read, only when the pair has supporters.
 */
export async function withoutEndedSupporters(
  store: Store,
  pairId: string,
  definitions: StoredDefinition[],
): Promise<StoredDefinition[]> {
  if (!definitions.some((d) => d.type === 'supporter')) return definitions;
  const ended = new Set(
    (await listAgreements(store, pairId))
      .filter((a) => a.status === 'removed' || a.status === 'declined')
      .map((a) => a.supporterId),
  );
  return definitions.filter((d) => d.type !== 'supporter' || !ended.has(d.id));
}

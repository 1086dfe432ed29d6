import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { applyPlan } from '../../shared/plan/apply-plan.ts';
import { listPartners } from '../../shared/store/partner-repository.ts';
import { getSchedule } from '../../shared/store/schedule-repository.ts';
import type { Store } from '../../shared/store/store.ts';
import { endAgreement, getAgreement, startAgreement } from '../../shared/store/supporter-repository.ts';
import { answerAsSupporter, answerSupporterRequest } from '../../shared/supporters/answer-request.ts';
import { removeSupporters } from '../../shared/supporters/remove-supporters.ts';
import { examplePlan, validPlan } from '../helpers/plans.ts';
import { useEmbeddedStore } from '../helpers/store.ts';

const embedded = useEmbeddedStore();
afterAll(() => embedded.stop());
const NOW = Date.parse('2026-11-23T12:00:00Z');
const noQueue = { enqueue: async () => {} };

async function asking() {
  const store = await embedded.fresh();
  const plan = examplePlan();
  plan.supporters = [{ id: 'dr-lee', name: 'Dr. Lee', email: 'lee@example.org' }];
  await applyPlan(store, validPlan(plan), NOW);
  const agreement = (await getAgreement(store, 'sam-alex', 'dr-lee'))!;
  const ref = { pairId: 'sam-alex', supporterId: 'dr-lee', requestId: agreement.requestId };
  return { store, agreement, ref };
}

/** The same store, but `between` runs right after its first read (another caller's step lands there). */
function interleaved(store: Store, between: () => Promise<void>): Store {
  let done = false;
  const send = async (command: Parameters<Store['doc']['send']>[0]) => {
    const result = await (store.doc.send as (c: unknown) => Promise<unknown>)(command);
    if (!done && command instanceof GetCommand) {
      done = true;
      await between();
    }
    return result;
  };
  return { ...store, doc: { send } as unknown as Store['doc'] };
}

describe('the supporter agreement under concurrent steps', () => {
  it('a replayed /sc confirmation while a partner removes the supporter does not start the summary again', async () => {
    const { store, ref } = await asking();
    const partners = await listPartners(store, 'sam-alex');
    for (const partner of partners)
      await answerSupporterRequest({ store, queue: noQueue }, ref, partner, true, 'sms', NOW);
    expect(await answerAsSupporter({ store }, ref, true, NOW)).toBe('confirmed');
    const summary = () => getSchedule(store, 'sam-alex', 'supporter-summary:dr-lee');
    expect((await summary())?.active).toBe(true);
    // The replay reads "confirmed"; SUPPORTER OFF lands before it starts the summary again.
    const remove = () =>
      removeSupporters(
        { store, queue: noQueue },
        { pairId: 'sam-alex', by: partners[0]!, other: undefined, now: NOW + 1000 },
      ).then(() => undefined);
    const outcome = await answerAsSupporter({ store: interleaved(store, remove) }, ref, true, NOW + 2000);
    expect(outcome).toBe('already-confirmed');
    expect((await getAgreement(store, 'sam-alex', 'dr-lee'))?.status).toBe('removed');
    expect((await summary())?.active).toBe(false);
  });

  it('a request started by a concurrent apply never overwrites a removal', async () => {
    const { store, agreement } = await asking();
    expect(await endAgreement(store, agreement, 'sam', new Date(NOW).toISOString())).toBe(true);
    const restarted = { ...agreement, requestId: 'another-request', email: 'lee@clinic.example.org' };
    expect(await startAgreement(store, restarted, agreement.requestId)).toBe(false);
    expect(await getAgreement(store, 'sam-alex', 'dr-lee')).toMatchObject({
      status: 'removed',
      endedBy: 'sam',
      requestId: agreement.requestId,
    });
  });
});

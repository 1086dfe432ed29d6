import { afterAll, describe, expect, it } from 'vitest';
import { isOptedOut, setOptOut } from '../../shared/consent/opt-out.ts';
import type { PlanInput } from '../../shared/model/plan.ts';
import { applyPlan } from '../../shared/plan/apply-plan.ts';
import { listPartners } from '../../shared/store/partner-repository.ts';
import { getAgreement } from '../../shared/store/supporter-repository.ts';
import { ALEX, couple, SAM } from '../helpers/couple.ts';
import { examplePlan, validPlan } from '../helpers/plans.ts';
import { useEmbeddedStore } from '../helpers/store.ts';

const embedded = useEmbeddedStore();
afterAll(() => embedded.stop());

// Written as the counsellor gave it: mail goes to exactly this, and the partners are asked about it.
const LEE = 'Lee.Smith@Example.org';
const withLee = (email = LEE): PlanInput => ({
  ...examplePlan(),
  supporters: [{ id: 'dr-lee', name: 'Dr. Lee', email }],
});
const unsubscribed = {
  at: '2026-11-24T00:00:00.000Z',
  status: 'confirmed' as const,
  source: 'email-link' as const,
  words: 'unsubscribe',
};

/** A couple on Monday, both asked about Dr. Lee once Sam's quiet hours end. */
async function asked() {
  const store = await embedded.fresh();
  const kept = await couple(store, { plan: withLee() });
  await kept.at('2026-11-23T12:31:00Z');
  const agreement = () => getAgreement(store, 'sam-alex', 'dr-lee');
  const reapply = (email: string) => applyPlan(store, validPlan(withLee(email)), kept.clock.now);
  return { store, kept, agreement, reapply };
}

describe('a supporter address: sent to as given, agreed to apart from case, checked as a mailbox', () => {
  it('the partners are asked about the address as written, and the supporter is mailed at it', async () => {
    const { kept, agreement } = await asked();
    const requests = (await kept.messages()).filter((m) => m.kind === 'supporter-request');
    expect(requests).toHaveLength(2);
    for (const request of requests) expect(request.body).toContain(`Add Dr. Lee (${LEE}) as your supporter?`);
    expect((await agreement())?.email).toBe(LEE);
    await kept.text(SAM, 'SUPPORTER YES');
    await kept.text(ALEX, 'SUPPORTER YES');
    const toLee = (await kept.messages()).filter((m) => m.kind === 'supporter-confirm');
    expect(toLee.map((m) => m.to)).toEqual([LEE]);
  });

  it('the same address in another case stands on the agreement; with a +tag the partners are asked again', async () => {
    const { agreement, reapply } = await asked();
    const first = (await agreement())!;
    const recased = await reapply('lee.smith@EXAMPLE.ORG');
    expect(recased.changes.filter((c) => c.what.startsWith('supporter request'))).toEqual([]);
    expect((await agreement())?.requestId).toBe(first.requestId);
    const tagged = await reapply('Lee.Smith+kept@Example.org');
    expect(tagged.changes.map((c) => `${c.action} ${c.what}`)).toContain(
      'update supporter request dr-lee (each partner is asked; then the supporter confirms by email)',
    );
    const again = (await agreement())!;
    expect(again.requestId).not.toBe(first.requestId);
    expect(again.email).toBe('Lee.Smith+kept@Example.org');
  });

  it('an unsubscribe holds for the address whatever its case', async () => {
    const store = await embedded.fresh();
    await setOptOut(store, LEE, true, unsubscribed); // the link gives the address as the plan wrote it
    expect(await isOptedOut(store, 'lee.smith@example.org')).toBe(true);
  });

  it("a partner's address written in capitals is theirs in any case: another pair cannot take it, and their unsubscribe holds", async () => {
    const store = await embedded.fresh();
    const first = examplePlan();
    first.partners[0]!.email = 'Sam@Example.com';
    await applyPlan(store, validPlan(first), Date.parse('2026-11-23T12:00:00Z'));
    const later = examplePlan();
    later.pair = { id: 'jo-sam', name: 'Jo & Sam' };
    later.partners = [{ ...later.partners[0]!, id: 'jo', name: 'Jo', email: 'sam@example.com', phone: '+15555550177' }];
    later.commitments = [];
    later.affirmations = [];
    later.rituals = [];
    await expect(applyPlan(store, validPlan(later), Date.parse('2026-11-25T12:00:00Z'))).rejects.toThrow(
      'partners[0].email: this number or address already belongs to another pair',
    );
    const [sam] = (await listPartners(store, 'sam-alex')).filter((p) => p.partnerId === 'sam');
    await setOptOut(store, sam!.email!, true, unsubscribed); // the link gives the address as stored
    expect(await isOptedOut(store, 'sam@example.com')).toBe(true);
  });
});

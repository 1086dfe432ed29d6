import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { IdentityTakenError } from '../../shared/consent/identity-claims.ts';
import type { PlanInput } from '../../shared/model/plan.ts';
import { applyPlan } from '../../shared/plan/apply-plan.ts';
import { createPairItem, PairExistsError, getPairItem } from '../../shared/store/pair-repository.ts';
import { getPartner } from '../../shared/store/partner-repository.ts';
import type { Store } from '../../shared/store/store.ts';
import { ALEX, couple, SAM } from '../helpers/couple.ts';
import { examplePlan, validPlan } from '../helpers/plans.ts';
import { useEmbeddedStore } from '../helpers/store.ts';
import { tableSnapshot } from '../helpers/table-snapshot.ts';

const embedded = useEmbeddedStore();
let store: Store;
beforeEach(async () => {
  store = await embedded.fresh();
});
afterAll(() => embedded.stop());

/** A stranger's pair that invites `phone`. */
let strangers = 0;
function strangerPlan(pairId: string, phone: string, consent: 'pending' | 'confirmed' = 'pending'): PlanInput {
  const eve = `+1555555${String(900 + ++strangers).padStart(4, '0')}`;
  return {
    pair: { id: pairId, name: 'Eve & you' },
    partners: [
      { id: 'eve', name: 'Eve', phone: eve, timezone: 'America/New_York', consent: 'confirmed' },
      { id: 'them', name: 'You', phone, timezone: 'America/New_York', consent },
    ],
    commitments: [],
    rituals: [],
    affirmations: [{ id: 'note', from: 'eve', to: 'them', text: 'Thinking of you', repeat: 'FREQ=DAILY', at: '09:00' }],
  };
}

const table = () => tableSnapshot(store);

describe('one number, one pair', () => {
  it("a pair inviting a number that belongs to another pair is refused whole: nothing written, nothing sent, the victim's pair untouched", async () => {
    const sam = await couple(store);
    const before = await table();
    const attack = applyPlan(store, validPlan(strangerPlan('eve-sam', SAM)), sam.clock.now);
    await expect(attack).rejects.toBeInstanceOf(IdentityTakenError);
    await expect(attack).rejects.toMatchObject({ path: 'partners[1].phone' });
    expect(await table()).toBe(before);
    // A day on: Sam hears only from his own pair, and STOP still acts on his own pair.
    await sam.at('2026-11-24T14:00:00Z');
    expect((await sam.messagesTo(SAM)).every((m) => m.pairId === 'sam-alex')).toBe(true);
    await sam.text(SAM, 'STOP');
    expect((await getPartner(store, 'sam-alex', 'sam'))?.smsOptedOut).toBe(true);
  });

  it('a number is free again once its partner has declined', async () => {
    const plan = strangerPlan('first', '+15555550777');
    const first = await couple(store, { plan });
    await first.text('+15555550777', 'N');
    await expect(
      applyPlan(store, validPlan(strangerPlan('second', '+15555550777')), first.clock.now + 31 * 86_400_000),
    ).resolves.toBeDefined();
  });
});

describe('opt-out belongs to the number, across every pair', () => {
  it('after STOP, his own pair sends nothing, and a new pair inviting that number sends nothing either', async () => {
    const sam = await couple(store);
    await sam.text(SAM, 'STOP');
    const since = sam.clock.now;
    // Sam's own pair is quiet for a whole day.
    await sam.at('2026-11-24T14:00:00Z');
    await sam.at('2026-11-25T02:00:00Z');
    expect(await sam.messagesTo(SAM, since)).toEqual([]);
    // Sam leaves (his pair is gone); a new pair invites him: no consent request goes out.
    await applyPlan(
      store,
      validPlan({ ...examplePlan(), partners: examplePlan().partners.slice(1), commitments: [], affirmations: [] }),
      sam.clock.now,
    );
    const result = await applyPlan(store, validPlan(strangerPlan('eve-sam', SAM)), sam.clock.now);
    expect(result.changes.some((c) => c.action === 'hold')).toBe(true);
    expect((await getPartner(store, 'eve-sam', 'them'))?.smsOptedOut).toBe(true);
    await sam.at('2026-11-25T14:00:00Z');
    expect(await sam.messagesTo(SAM, since)).toEqual([]);
  });
});

describe('consent requests', () => {
  it('a number is asked at most once in 30 days, whichever pair asks', async () => {
    const first = await couple(store, { plan: strangerPlan('one', '+15555550777') });
    expect((await first.messagesTo('+15555550777')).map((m) => m.kind)).toEqual(['consent-request']);
    // The inviter drops the invitee and invites them again under new ids, and from another pair.
    const dropped = strangerPlan('one', '+15555550777');
    dropped.partners[0]!.phone = (await getPartner(store, 'one', 'eve'))!.phone;
    await applyPlan(
      store,
      validPlan({ ...dropped, partners: dropped.partners.slice(0, 1), affirmations: [] }),
      first.clock.now,
    );
    const again = strangerPlan('two', '+15555550777');
    const held = await applyPlan(store, validPlan(again), first.clock.now + 60_000);
    expect(held.changes.filter((c) => c.action === 'hold')).toHaveLength(1);
    await first.at('2026-11-24T12:00:00Z');
    expect((await first.messagesTo('+15555550777')).map((m) => m.kind)).toEqual(['consent-request']);
  });

  it('with a real provider, "consent: confirmed" in a plan is not taken: the person is asked', async () => {
    const plan = validPlan(strangerPlan('eve-x', '+15555550777', 'confirmed'));
    await applyPlan(store, plan, Date.parse('2026-11-23T12:00:00Z'), { planConsent: 'ask' });
    const them = await getPartner(store, 'eve-x', 'them');
    expect(them?.consent).toBe('pending');
    expect(them?.consentLog[0]?.words).toMatch(/only the person can consent/);
    // In local outbox mode (the default) the plan is taken at its word.
    await applyPlan(store, validPlan(strangerPlan('eve-y', '+15555550778', 'confirmed')), Date.now());
    expect((await getPartner(store, 'eve-y', 'them'))?.consent).toBe('confirmed');
  });
});

describe('pair ids', () => {
  it('a new pair never overwrites one that exists', async () => {
    await couple(store);
    const before = await getPairItem(store, 'sam-alex');
    await expect(
      createPairItem(store, 'sam-alex', { name: 'Taken over', share: 'all', summary: null, hash: 'other' }),
    ).rejects.toBeInstanceOf(PairExistsError);
    expect(await getPairItem(store, 'sam-alex')).toEqual(before);
    expect(ALEX).toBeDefined();
  });
});

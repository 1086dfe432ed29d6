import { afterAll, describe, expect, it } from 'vitest';
import { resolveRecipient } from '../../shared/delivery/recipient-resolvers.ts';
import type { MessageKind } from '../../shared/model/message.ts';
import { applyPlan } from '../../shared/plan/apply-plan.ts';
import type { Delivery } from '../../shared/store/delivery-repository.ts';
import { removeSupporters } from '../../shared/supporters/remove-supporters.ts';
import { getPartner } from '../../shared/store/partner-repository.ts';
import { examplePlan, validPlan } from '../helpers/plans.ts';
import { useEmbeddedStore } from '../helpers/store.ts';

const embedded = useEmbeddedStore();
afterAll(() => embedded.stop());
const NOW = Date.parse('2026-11-23T12:00:00Z');
const LOCAL = { planConsentHonoured: true };

const delivery = (kind: MessageKind, recipientId: string) =>
  ({ pairId: 'sam-alex', kind, recipientId, refs: [] }) as unknown as Delivery;

describe('who a delivery goes to, per kind, read at send time', () => {
  it("a partner for partners' kinds (the record read with the delivery when there is one); the supporter for theirs", async () => {
    const store = await embedded.fresh();
    const plan = examplePlan();
    plan.supporters = [{ id: 'dr-lee', name: 'Dr. Lee', email: 'lee@example.org', consent: 'confirmed' }];
    await applyPlan(store, validPlan(plan), NOW, { planConsent: 'honour' });
    const sam = (await getPartner(store, 'sam-alex', 'sam'))!;
    expect((await resolveRecipient(store, delivery('checkin', 'sam'), undefined, LOCAL))?.phone).toBe('+15555550101');
    expect(await resolveRecipient(store, delivery('checkin', 'sam'), null, LOCAL)).toBeNull(); // read with the delivery: gone
    expect(await resolveRecipient(store, delivery('supporter-request', 'sam'), sam, LOCAL)).toBe(sam);
    const lee = await resolveRecipient(store, delivery('supporter-summary', 'supporter:dr-lee'), null, LOCAL);
    expect([lee?.email, lee?.channel, lee?.consent]).toEqual(['lee@example.org', 'email', 'confirmed']);
    // A partner id is never a supporter, and a supporter id never a partner.
    expect(await resolveRecipient(store, delivery('supporter-summary', 'sam'), sam, LOCAL)).toBeNull();
    expect(await resolveRecipient(store, delivery('checkin', 'supporter:dr-lee'), undefined, LOCAL)).toBeNull();
    await removeSupporters(
      { store, queue: { enqueue: async () => {} } },
      { pairId: 'sam-alex', by: sam, other: undefined, now: NOW },
    );
    expect(await resolveRecipient(store, delivery('supporter-summary', 'supporter:dr-lee'), null, LOCAL)).toBeNull();
    expect(await resolveRecipient(store, delivery('supporter-confirm', 'supporter:dr-lee'), null, LOCAL)).toBeNull();
  });
});

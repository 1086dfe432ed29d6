import { pulseSharers } from '../practices/practices-plan.ts';
import type { Plan } from '../model/plan.ts';
import type { ConsentStatus, PartnerRecord } from '../model/partner-state.ts';
import type { ScheduleState } from '../model/schedule.ts';
import { deriveSchedules } from '../schedule/derive-schedules.ts';
import { nextFiring } from '../schedule/next-fire.ts';
import { deferPastQuietHours } from '../schedule/quiet-hours.ts';
import { deletePartner, listPartners, putPartner, updatePartnerProfile } from '../store/partner-repository.ts';
import {
  deleteDefinition,
  createPairItem,
  getPairItem,
  listDefinitions,
  putDefinition,
  putPairItem,
  type StoredDefinition,
} from '../store/pair-repository.ts';
import { deleteSchedule, listSchedules, putSchedule } from '../store/schedule-repository.ts';
import type { Store } from '../store/store.ts';
import { contentHash } from '../util/hash.ts';
import { claimIdentities, identitiesOf, releaseIdentity } from '../consent/identity-claims.ts';
import { mayAskRecipient, newIdentities, newPartnerRecord } from './partner-consent.ts';
import { welcomeSchedules } from './welcome-schedules.ts';
import { MINUTE_MS } from '../util/time.ts';
import { planSupporters } from '../supporters/apply-supporters.ts';

export interface ApplyChange {
  /** `hold`: a consent request not created (that number was asked within 30 days, or said STOP). */
  action: 'create' | 'update' | 'delete' | 'hold';
  what: string;
}

export interface ApplyResult {
  pairId: string;
  changes: ApplyChange[];
  unchanged: number;
}

function partnerProfile(
  plan: Plan,
  partner: Plan['partners'][number],
): Omit<PartnerRecord, 'consent' | 'consentLog' | 'profileHash'> {
  return {
    pairId: plan.pair.id,
    partnerId: partner.id,
    name: partner.name,
    phone: partner.phone,
    email: partner.email,
    timezone: partner.timezone,
    channel: partner.channel ?? (partner.phone ? 'sms' : 'email'),
    quietHours: partner.quietHours,
  };
}

function definitionsOf(plan: Plan): StoredDefinition[] {
  const make = (type: StoredDefinition['type'], data: { id: string }) => ({
    type,
    id: data.id,
    hash: contentHash(data),
    data: { ...data },
  });
  return [
    ...plan.commitments.map((c) => make('commitment', c)),
    ...plan.rituals.map((r) => make('ritual', r)),
    ...plan.affirmations.map((a) => make('affirmation', a)),
    // The pair's practices, one definition each (the prompt deck is read when a prompt goes out).
    ...(plan.conversations ? [make('conversations', { id: 'conversations', ...plan.conversations })] : []),
    ...(plan.pulse
      ? [
          make('pulse', {
            id: 'pulse',
            ...plan.pulse,
            sharedBy: plan.partners.filter((p) => p.sharePulse).map((p) => p.id),
          } as { id: string }),
        ]
      : []),
    ...(plan.supporters ?? []).map((s) => make('supporter', s)),
  ];
}

export interface ApplyOptions {
  /**
   * Whether a new partner marked `consent: confirmed` in the plan is taken at its word: 'honour'
   * (the default, for the local outbox, where no one can be texted) or 'ask', with a real
   * provider, where consent comes only from the person (they get a consent request).
   * A supporter's `confirmed` is taken only when this is given as 'honour' explicitly (a plan
   * edited through the API never confirms one): see planSupporters.
   */
  planConsent?: 'honour' | 'ask';
  /**
   * Greet each partner set up with consent (see welcome-schedules.ts). Setting a couple up from
   * a plan file (`kept apply`, `kept simulate`) does; edits of a plan already in use do not.
   */
  welcome?: boolean;
}

/**
 * A partner's pulse is shared only by that partner. With a real provider, a plan file may stop
 * a partner's sharing but not start it: whoever edits the file could otherwise show them the
 * other's numbers. The partner turns it on themselves (the dashboard, PATCH /api/me); the file's
 * `sharePulse: true` is held until then. In the local outbox, where no one is asked anything,
 * the file is taken at its word, as for consent.
 */
function pulseSharingFromFile(
  plan: Plan,
  sharingNow: string[],
  options: ApplyOptions,
): { partners: Plan['partners']; held: ApplyChange[] } {
  if (options.planConsent !== 'ask') return { partners: plan.partners, held: [] };
  const heldIds = plan.partners.filter((p) => p.sharePulse && !sharingNow.includes(p.id)).map((p) => p.id);
  return {
    partners: plan.partners.map((p) => (heldIds.includes(p.id) ? { ...p, sharePulse: false } : p)),
    held: heldIds.map((id) => ({
      action: 'hold' as const,
      what: `pulse sharing for ${id} (theirs to turn on: the dashboard, or PATCH /api/me)`,
    })),
  };
}

/**
 * Writes a validated plan to the store, changing only what differs from what is stored.
 * Re-applying the same plan writes nothing. State the partners control by replying
 * (consent given by text, STOP, PAUSE) is kept. Every write is idempotent, so an apply
 * interrupted part-way is completed by applying again.
 */
export async function applyPlan(
  store: Store,
  plan: Plan,
  now: number,
  options: ApplyOptions = {},
): Promise<ApplyResult> {
  const pairId = plan.pair.id;
  const changes: ApplyChange[] = [];
  let unchanged = 0;

  const pairFields = {
    name: plan.pair.name,
    share: plan.pair.share,
    summary: plan.pair.summary ?? null,
    // Only when set, so that pairs without one keep their stored hash.
    ...(plan.pair.sharedWindow ? { sharedWindow: plan.pair.sharedWindow } : {}),
  };
  const pairHash = contentHash(pairFields);
  const storedPair = await getPairItem(store, pairId);
  const storedPartners = new Map((await listPartners(store, pairId)).map((p) => [p.partnerId, p]));
  const removedPartners = [...storedPartners.keys()].filter((id) => !plan.partners.some((p) => p.id === id));
  // Before anything is written: a number or address in another active pair refuses the whole plan.
  const { optedOut } = await claimIdentities(store, newIdentities(plan, storedPartners));
  if (storedPair?.hash !== pairHash) {
    const fields = { ...pairFields, hash: pairHash, partnerIds: plan.partners.map((p) => p.id) };
    // A new pair never overwrites one that exists (create-only); an existing one is this plan's own.
    if (storedPair) await putPairItem(store, pairId, fields);
    else await createPairItem(store, pairId, fields);
    changes.push({ action: storedPair ? 'update' : 'create', what: `pair ${pairId}` });
  } else unchanged++;
  const consent = new Map<string, ConsentStatus>();
  const consentLogs = new Map<string, PartnerRecord['consentLog']>();
  for (const partner of plan.partners) {
    const profile = partnerProfile(plan, partner);
    const profileHash = contentHash(profile);
    const stored = storedPartners.get(partner.id);
    if (!stored) {
      const record = newPartnerRecord({ ...profile, profileHash }, partner.consent, now, options, optedOut);
      await putPartner(store, record);
      changes.push({ action: 'create', what: `partner ${partner.id}` });
      consent.set(partner.id, record.consent);
      consentLogs.set(partner.id, record.consentLog);
    } else {
      if (stored.profileHash !== profileHash) {
        await updatePartnerProfile(store, { ...stored, ...profile, profileHash }, stored.phone);
        for (const old of identitiesOf(stored).filter((i) => !identitiesOf(profile).includes(i)))
          await releaseIdentity(store, old, stored);
        changes.push({ action: 'update', what: `partner ${partner.id}` });
      } else unchanged++;
      consent.set(partner.id, stored.consent);
      consentLogs.set(partner.id, stored.consentLog);
    }
  }

  const supporters = await planSupporters(
    store,
    plan,
    { honour: options.planConsent === 'honour', providerConfigured: options.planConsent === 'ask' },
    now,
  );
  changes.push(...supporters.held);
  const storedDefinitions = new Map((await listDefinitions(store, pairId)).map((d) => [`${d.type}#${d.id}`, d]));
  const sharing = pulseSharingFromFile(plan, pulseSharers(storedDefinitions.get('pulse#pulse')?.data), options);
  changes.push(...sharing.held);
  for (const definition of definitionsOf({ ...plan, partners: sharing.partners, supporters: supporters.kept })) {
    const key = `${definition.type}#${definition.id}`;
    const stored = storedDefinitions.get(key);
    storedDefinitions.delete(key);
    if (stored?.hash === definition.hash) {
      unchanged++;
      continue;
    }
    await putDefinition(store, pairId, definition);
    changes.push({ action: stored ? 'update' : 'create', what: `${definition.type} ${definition.id}` });
  }

  // Schedules follow the consent stored for each partner, not only the plan's.
  const effectivePlan: Plan = {
    ...plan,
    partners: plan.partners.map((p) => ({
      ...p,
      consent: consent.get(p.id) === 'confirmed' ? 'confirmed' : 'pending',
    })),
    // A supporter is confirmed by the agreement (or, in the local outbox, by the file when added).
    supporters: supporters.effective,
  };
  const declined = new Set([...consent].filter(([, status]) => status === 'declined').map(([id]) => id));
  const specs = [
    ...deriveSchedules(effectivePlan).filter(
      (spec) => !(spec.kind === 'consent-request' && declined.has(spec.recipientId)),
    ),
    ...(options.welcome ? welcomeSchedules(plan, consentLogs, now) : []),
  ];
  const storedSchedules = new Map((await listSchedules(store, pairId)).map((s) => [s.scheduleId, s]));
  const from = Math.floor(now / MINUTE_MS) * MINUTE_MS - MINUTE_MS;
  // A one-off (a consent request, a welcome) goes once per partner: once stored it is history,
  // never re-sent or removed by an apply (an edited name must not send a second invitation).
  const oneOffsSent = new Set(
    [...storedSchedules.values()].filter((s) => s.members.length === 0).map((s) => s.scheduleId),
  );
  for (const id of oneOffsSent) storedSchedules.delete(id);
  for (const spec of specs) {
    if (oneOffsSent.has(spec.scheduleId)) {
      unchanged++;
      continue;
    }
    if (spec.kind === 'consent-request' && !(await mayAskRecipient(store, plan, spec.recipientId, now))) {
      changes.push({ action: 'hold', what: `schedule ${spec.scheduleId} (asked within 30 days, or opted out)` });
      continue;
    }
    const specHash = contentHash(spec);
    const stored = storedSchedules.get(spec.scheduleId);
    storedSchedules.delete(spec.scheduleId);
    if (stored?.specHash === specHash) {
      unchanged++;
      continue;
    }
    // A one-off goes now, or when the recipient's quiet hours end.
    const firing =
      spec.members.length === 0
        ? {
            occurrenceAt: from + MINUTE_MS,
            fireAt: deferPastQuietHours(from + MINUTE_MS, spec.recipientZone, spec.quietHours),
          }
        : nextFiring(spec, from);
    const state: ScheduleState = {
      ...spec,
      pairId,
      specHash,
      occurrenceAt: firing?.occurrenceAt ?? null,
      fireAt: firing?.fireAt ?? null,
    };
    await putSchedule(store, state);
    changes.push({ action: stored ? 'update' : 'create', what: `schedule ${spec.scheduleId}` });
  }

  // Removals last: an interrupted apply never leaves a schedule without its definition.
  for (const stale of storedSchedules.values()) {
    await deleteSchedule(store, pairId, stale.scheduleId);
    changes.push({ action: 'delete', what: `schedule ${stale.scheduleId}` });
  }
  for (const stale of storedDefinitions.values()) {
    await deleteDefinition(store, pairId, stale.type, stale.id);
    changes.push({ action: 'delete', what: `${stale.type} ${stale.id}` });
  }
  changes.push(...(await supporters.write()));
  for (const partnerId of removedPartners) {
    await deletePartner(store, pairId, partnerId);
    for (const identity of identitiesOf(storedPartners.get(partnerId)!))
      await releaseIdentity(store, identity, { pairId, partnerId });
    changes.push({ action: 'delete', what: `partner ${partnerId}` });
  }
  return { pairId, changes, unchanged };
}

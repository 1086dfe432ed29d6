import { planEventMessage } from '../delivery/plan-message.ts';
import type { DeliveryQueue } from '../delivery/queue.ts';
import type { PartnerRecord } from '../model/partner-state.ts';
import { deleteDefinition, listDefinitions } from '../store/pair-repository.ts';
import { deleteSchedule } from '../store/schedule-repository.ts';
import type { Store } from '../store/store.ts';

export const supporterOffTexts = {
  none: () => ({ body: 'You have no supporter to remove.' }),
  done: (names: string, otherName: string | undefined) => ({
    body: `Done: ${names} will get no more weekly summaries.${otherName ? ` ${otherName} has been told.` : ''}`,
  }),
  toOther: (who: string, names: string) => ({
    body: `${who} removed ${names} as your supporter. They will get no more weekly summaries from Kept.`,
    subject: `${names} is no longer your supporter`,
  }),
};

/**
 * SUPPORTER OFF by text: every supporter of the pair goes at once (either partner may end it,
 * alone) and the other partner is told. The other is told first, so a retry after a crash
 * still finds the supporters and finishes; the notice's event key makes it go once.
 * `supporterId` (the dashboard's Remove) ends that one supporter only, the same way.
 */
export async function supporterOff(context: {
  deps: { store: Store; queue: DeliveryQueue };
  partner: PartnerRecord;
  other: PartnerRecord | undefined;
  now: number;
  supporterId?: string;
}): Promise<{ outcome: string; reply: string }> {
  const { deps, partner, other, now, supporterId } = context;
  const supporters = (await listDefinitions(deps.store, partner.pairId)).filter(
    (d) => d.type === 'supporter' && (supporterId === undefined || d.id === supporterId),
  );
  if (supporters.length === 0) return { outcome: 'no-supporter', reply: supporterOffTexts.none().body };
  const names = supporters.map((s) => String(s.data.name)).join(' and ');
  if (other) {
    const text = supporterOffTexts.toOther(partner.name, names);
    await planEventMessage(
      deps,
      {
        pairId: partner.pairId,
        recipient: other,
        kind: 'supporter-removed',
        eventKey: `${supporters.map((s) => s.id).join('+')}`,
        eventAt: now,
        body: text.body,
        subject: text.subject,
        respectQuietHours: true,
      },
      now,
    );
  }
  for (const supporter of supporters) {
    await deleteSchedule(deps.store, partner.pairId, `supporter-summary:${supporter.id}`);
    await deleteDefinition(deps.store, partner.pairId, 'supporter', supporter.id);
  }
  return { outcome: 'supporter-off', reply: supporterOffTexts.done(names, other?.name).body };
}

import type { DeliveryQueue } from '../delivery/queue.ts';
import type { PartnerRecord } from '../model/partner-state.ts';
import type { Store } from '../store/store.ts';
import type { StagedWrites } from './staged-writes.ts';

/** What a practice (a conversation, a supporter request, the pulse) needs to take its turn at a text. */
export interface TurnContext {
  deps: { store: Store; queue: DeliveryQueue };
  partner: PartnerRecord;
  other: PartnerRecord | undefined;
  body: string;
  now: number;
  /** Whether a check-in asked in the last 24 hours still waits for this partner's answer. */
  hasOpenCheckIn: () => Promise<boolean>;
  /** Set while the reply's writes are gathered into one transaction: a turn that can, adds its write here. */
  staged?: StagedWrites;
}

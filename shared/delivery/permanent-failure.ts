import { TWILIO_INVALID_NUMBERS, TWILIO_OPTED_OUT } from '../channels/twilio-sms-channel.ts';
import type { ChannelName } from '../model/message.ts';
import type { PartnerRecord } from '../model/partner-state.ts';
import { markSmsInvalid, setSmsOptOut } from '../store/partner-repository.ts';
import type { Store } from '../store/store.ts';

/**
 * What a provider's permanent refusal means for the partner: opted out at the carrier
 * (21610) stops SMS like STOP does; an invalid or non-mobile number (21211, 21614) stops SMS
 * to that number. Both are used by the sender and by Twilio's status callback.
 */
export async function applyPermanentFailure(
  store: Store,
  partner: PartnerRecord,
  channel: ChannelName,
  code: string,
  now: number,
): Promise<void> {
  if (channel !== 'sms') return;
  if (Number(code) === TWILIO_OPTED_OUT) {
    await setSmsOptOut(store, partner, true, {
      at: new Date(now).toISOString(),
      status: partner.consent,
      source: 'carrier',
      words: `Twilio error ${code}`,
    });
  } else if (TWILIO_INVALID_NUMBERS.has(Number(code))) {
    await markSmsInvalid(store, partner);
  }
}

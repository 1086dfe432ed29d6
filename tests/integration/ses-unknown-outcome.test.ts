import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TransientChannelError } from '../../shared/channels/channel.ts';
import { SES_EVENT_WINDOW_MS } from '../../shared/channels/ses-email-channel.ts';
import { messageIdFromTag } from '../../shared/delivery/message-id.ts';
import { handleSesNotification } from '../../shared/replies/ses-notifications.ts';
import { getDelivery } from '../../shared/store/delivery-repository.ts';
import { silentLogger } from '../../shared/util/logger.ts';
import { CHECKIN, plannedCheckIn } from '../helpers/planned-checkin.ts';
import { startRefusingSes } from '../helpers/ses-refusing.ts';
import { startSesLocal } from '../helpers/ses-local.ts';
import { useEmbeddedStore } from '../helpers/store.ts';

const embedded = useEmbeddedStore();
let sesLocal: Awaited<ReturnType<typeof startSesLocal>>;
let ses: Awaited<ReturnType<typeof startRefusingSes>>;
beforeAll(async () => {
  sesLocal = await startSesLocal();
  ses = await startRefusingSes(sesLocal.url);
});
afterAll(async () => {
  await ses.close();
  await sesLocal.close();
  await embedded.stop();
});

const providers = () => ({ twilio: { url: 'http://127.0.0.1:9', sid: 'AC', token: 't' }, sesUrl: ses.url });

/** The configuration set's event, as SNS hands it to the SES notifications function. */
const sesEvent = (eventType: 'Send' | 'Delivery', tag: string, messageId: string) =>
  JSON.stringify({ eventType, mail: { messageId, tags: { delivery: [tag], kind: ['checkin'] } } });

describe('an email whose outcome is unknown is not blindly resent', () => {
  it('every send is tagged with its delivery (EmailTags, and a header the local SES keeps)', async () => {
    const { send, email, ref } = await plannedCheckIn(await embedded.fresh(), 'email', providers());
    expect(await send(CHECKIN)).toBe('sent');
    const [stored] = await sesLocal.emails(email);
    const tag = stored!.headers!.find((h) => h.name === 'X-Kept-Delivery')!.value;
    expect(tag).toMatch(/^[A-Za-z0-9_-]+$/); // what SES allows in a tag value
    expect(messageIdFromTag(tag)).toBe(`sam-alex/${ref.deliveryKey.slice('DLV#'.length)}/email`);
  });

  it('locally, the SES store confirms it: no second copy', async () => {
    const { send, email } = await plannedCheckIn(await embedded.fresh(), 'email', providers());
    ses.acceptThenFail();
    await expect(send(CHECKIN)).rejects.toThrow(TransientChannelError);
    expect(await sesLocal.emails(email)).toHaveLength(1);
    expect(await send(CHECKIN + 10_000)).toBe('sent'); // found in the store, not sent again
    expect(await sesLocal.emails(email)).toHaveLength(1);
  });

  it('as on AWS (events only): waits for the Send event, which confirms it; no second copy', async () => {
    const store = await embedded.fresh();
    const { send, email, ref } = await plannedCheckIn(store, 'email', providers());
    ses.hideStore = true;
    try {
      ses.acceptThenFail();
      await expect(send(CHECKIN)).rejects.toThrow(TransientChannelError);
      expect(await send(CHECKIN + 10_000)).toBe('held'); // no event yet: wait, do not resend
      const [stored] = await sesLocal.emails(email);
      const tag = stored!.headers!.find((h) => h.name === 'X-Kept-Delivery')!.value;
      const outcome = await handleSesNotification(
        { store, logger: silentLogger },
        sesEvent('Send', tag, stored!.messageId),
        CHECKIN + 20_000,
      );
      expect(outcome.outcome).toBe('sent-confirmed');
      expect((await getDelivery(store, ref))?.emailEvent).toMatchObject({ type: 'Send', messageId: stored!.messageId });
      // Back when the window ends (the tick brings it): the event settles it.
      expect(await send(CHECKIN + SES_EVENT_WINDOW_MS)).toBe('sent');
      expect(await sesLocal.emails(email)).toHaveLength(1);
    } finally {
      ses.hideStore = false;
    }
  });

  it('as on AWS: with no event within the window, it is sent again (the window that remains)', async () => {
    const { send, email } = await plannedCheckIn(await embedded.fresh(), 'email', providers());
    ses.hideStore = true;
    try {
      // SES did not take it this time, but the answer was lost all the same (a timeout).
      ses.refuseNext({ status: 500, type: 'InternalFailure' });
      await expect(send(CHECKIN)).rejects.toThrow(TransientChannelError);
      expect(await send(CHECKIN + SES_EVENT_WINDOW_MS - 60_000)).toBe('held');
      expect(await sesLocal.emails(email)).toHaveLength(0);
      expect(await send(CHECKIN + SES_EVENT_WINDOW_MS)).toBe('sent');
      expect(await sesLocal.emails(email)).toHaveLength(1);
    } finally {
      ses.hideStore = false;
    }
  });

  it('an event for an unknown or malformed tag changes nothing', async () => {
    const store = await embedded.fresh();
    const deps = { store, logger: silentLogger };
    expect((await handleSesNotification(deps, sesEvent('Delivery', 'bm9wZQ', 'm1'), CHECKIN)).outcome).toBe('ignored');
    expect(
      (await handleSesNotification(deps, JSON.stringify({ eventType: 'Send', mail: { messageId: 'x' } }), CHECKIN))
        .outcome,
    ).toBe('ignored');
  });
});

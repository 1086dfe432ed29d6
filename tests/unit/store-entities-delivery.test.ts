import { describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../shared/model/message.ts';
import type { Delivery } from '../../shared/store/delivery-repository.ts';
import { deliveryItem, deliveryItemSchema } from '../../shared/store/entities/delivery.ts';
import { messageItem, messageItemSchema, outboxItem, outboxItemSchema } from '../../shared/store/entities/message.ts';
import { parseItem } from '../../shared/store/entities/parse-item.ts';
import { supporterAgreementItemSchema } from '../../shared/store/entities/supporter-agreement.ts';

const at = Date.UTC(2026, 0, 5, 20, 0);

const delivery: Delivery = {
  pairId: 'p1',
  deliveryKey: 'DLV#2026-01-05T20:00:00Z#checkin:sam',
  scheduleId: 'checkin:sam',
  kind: 'checkin',
  recipientId: 'sam',
  occurrenceAt: at,
  fireAt: at,
  status: 'planned',
  body: 'Did you call Alex at lunch today? Reply Y or N',
  subject: 'Check-in',
  refs: ['commitment:call'],
  plannedAt: at,
  sent: {},
  claims: {},
};

describe('typed delivery, message and supporter agreement items', () => {
  it('writes a planned delivery with instants as ISO strings and due-index keys, and reads it back as it was', () => {
    const item = deliveryItem(8, delivery, at + 600_000);
    expect(item).toMatchObject({ entity: 'Delivery', fireAt: '2026-01-05T20:00:00.000Z', GSI1SK: expect.any(String) });
    expect(parseItem('Delivery', deliveryItemSchema, item)).toEqual(delivery);
    expect(deliveryItem(8, { ...delivery, status: 'sent' }, null)).not.toHaveProperty('GSI1PK');
  });

  it('reads channel claims from their attributes, a claim from before claims as a long-expired one, and null fields as absent', () => {
    const item = {
      ...deliveryItem(8, delivery, null),
      smsClaim: { owner: 'w1', until: at + 60_000, since: at },
      attempts: { email: '2026-01-05T20:00:30.000Z' },
      reason: null,
      html: null,
      smsBody: null,
    };
    const read = parseItem('Delivery', deliveryItemSchema, item);
    expect(read.claims).toEqual({
      sms: { owner: 'w1', until: at + 60_000, since: at },
      email: { owner: 'legacy', until: 0, since: at + 30_000 },
    });
    expect([read.reason, read.html, read.smsBody]).toEqual([undefined, undefined, undefined]);
    expect(read).not.toHaveProperty('attempts');
    expect(read).not.toHaveProperty('expiresAt');
  });

  it('refuses a delivery whose status it does not know, naming the entity, key and field', () => {
    const item = { ...deliveryItem(8, delivery, null), status: 'lost' };
    expect(() => parseItem('Delivery', deliveryItemSchema, item)).toThrow(
      /Malformed Delivery item PAIR#p1 \/ DLV#2026-01-05T20:00:00Z#checkin:sam: status/,
    );
  });

  const message: OutboundMessage = {
    id: 'p1/2026-01-05T20:00:00Z#checkin:sam/sms',
    pairId: 'p1',
    recipientId: 'sam',
    channel: 'sms',
    to: '+15555550101',
    kind: 'checkin',
    body: 'Did you call?',
    dueAt: at,
  };

  it('reads a logged message without keys, entity tag or the status rank; an outbox entry without its index keys', () => {
    const logged = { ...message, sentAt: '2026-01-05T20:00:01.000Z', transport: 'twilio', providerId: 'SM1' };
    const item = { ...messageItem(logged), status: 'delivered', statusRank: 4, statusAt: '2026-01-05T20:00:05.000Z' };
    expect(parseItem('Message', messageItemSchema, item)).toEqual({
      ...logged,
      status: 'delivered',
      statusAt: '2026-01-05T20:00:05.000Z',
    });
    expect(parseItem('OutboxEntry', outboxItemSchema, outboxItem(message, at))).toEqual({
      ...message,
      sentAt: '2026-01-05T20:00:00.000Z',
      transport: 'outbox',
    });
  });

  it('reads a supporter removal kept without any request (no request id, address or ask time), and refuses a live request without them', () => {
    const removal = {
      PK: 'PAIR#p1',
      SK: 'SUPPORTER#jo',
      entity: 'SupporterAgreement',
      pairId: 'p1',
      supporterId: 'jo',
      status: 'removed',
      endedAt: '2026-01-05T20:00:00.000Z',
      endedBy: 'sam',
      answers: {},
      name: 'Jo',
    };
    expect(parseItem('SupporterAgreement', supporterAgreementItemSchema, removal)).toMatchObject({
      status: 'removed',
      requestId: '',
      email: '',
      askedAt: '',
      name: 'Jo',
    });
    expect(() =>
      parseItem('SupporterAgreement', supporterAgreementItemSchema, { ...removal, status: 'asking' }),
    ).toThrow(/Malformed SupporterAgreement item PAIR#p1 \/ SUPPORTER#jo: \(item\): a request that is not a removal/);
  });
});

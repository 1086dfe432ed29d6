import { describe, expect, it } from 'vitest';
import type { Delivery } from '../../shared/store/delivery-repository.ts';
import { newSession, rateLimitWindow, sessionItem, signInCodeItem } from '../../shared/store/entities/auth.ts';
import { deliveryItem } from '../../shared/store/entities/delivery.ts';
import { consentRecordItem } from '../../shared/store/entities/identity.ts';
import { inboundItem } from '../../shared/store/entities/inbound.ts';
import { TABLE } from '../../shared/store/entities/table-shape.ts';
import { ttlSeconds } from '../../shared/store/entities/ttl.ts';

const now = Date.UTC(2026, 10, 29, 9, 30, 15, 678);
const DAY = 86_400_000;
const seconds = (ms: number) => Math.floor(ms / 1000);

const delivery: Delivery = {
  pairId: 'p1',
  deliveryKey: 'DLV#2026-11-29T09:30:00Z#checkin:sam',
  scheduleId: 'checkin:sam',
  kind: 'checkin',
  recipientId: 'sam',
  occurrenceAt: now,
  fireAt: now,
  status: 'planned',
  body: 'b',
  subject: 's',
  refs: [],
  plannedAt: now,
  sent: {},
  claims: {},
};

/** Every entity with a TTL, the value its item builder writes, and the instant it should expire (ms). */
const ttlBearing: Array<[string, number, number]> = [
  [
    'sign-in code',
    signInCodeItem('+15555550101', { codeHash: 'h', validUntil: now + 600_000, attempts: 0 }).expiresAt,
    now + 600_000,
  ],
  ['session', sessionItem('t', newSession('+15555550101', now, 30 * DAY)).expiresAt, now + 30 * DAY],
  ['rate-limit window', rateLimitWindow('sign-in:+15555550101', now, 3_600_000).expiresAt, now + 2 * 3_600_000],
  ['erasure consent record', consentRecordItem('hash', [], now, 4 * 365 * DAY).expiresAt, now + 4 * 365 * DAY],
  ['delivery', deliveryItem(8, delivery, now).expiresAt, now + 400 * DAY],
  [
    'inbound text',
    inboundItem({ pairId: 'p1', partnerId: 'sam', messageId: 'SM1', body: 'Y', receivedAt: now }).expiresAt,
    now + 400 * DAY,
  ],
];

describe('TTL values', () => {
  it('ttlSeconds turns epoch milliseconds into whole epoch seconds', () => {
    expect(ttlSeconds(now)).toBe(1_795_944_615);
    expect(Number.isInteger(ttlSeconds(now))).toBe(true);
  });

  it.each(ttlBearing)(
    '%s: the TTL attribute is in epoch seconds, at the instant it should go',
    (_name, ttl, expireAt) => {
      expect(TABLE.ttlAttribute).toBe('expiresAt');
      expect(Number.isInteger(ttl)).toBe(true);
      // Milliseconds would be ~1.8e12: DynamoDB would read them as a date ~57,000 years ahead.
      expect(ttl).toBeLessThan(1e11);
      expect(ttl).toBeGreaterThan(seconds(now));
      // Within the window it is meant for (a rate-limit window is kept until its end plus one window).
      expect(Math.abs(ttl - seconds(expireAt))).toBeLessThanOrEqual(3_600);
    },
  );
});

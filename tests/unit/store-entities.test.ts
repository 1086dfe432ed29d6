import { describe, expect, it } from 'vitest';
import { parseItem } from '../../shared/store/entities/parse-item.ts';
import { partnerItem, partnerItemSchema } from '../../shared/store/entities/partner.ts';
import { pulseItem, pulseItemSchema } from '../../shared/store/entities/pulse.ts';
import type { PartnerRecord } from '../../shared/model/partner-state.ts';

const at = Date.UTC(2026, 0, 5, 20, 0);

describe('typed store items', () => {
  it('reads a written pulse item back as the domain object, without keys or entity tag', () => {
    const item = { ...pulseItem('p1', 'alex', at, at), value: 7 };
    expect(parseItem('Pulse', pulseItemSchema, item)).toEqual({
      pairId: 'p1',
      partnerId: 'alex',
      occurrenceAt: '2026-01-05T20:00:00.000Z',
      askedAt: '2026-01-05T20:00:00.000Z',
      value: 7,
    });
  });

  it('refuses a malformed item, naming the entity, its key and the bad field', () => {
    const item = { ...pulseItem('p1', 'alex', at, at), value: 'seven' };
    expect(() => parseItem('Pulse', pulseItemSchema, item)).toThrow(/Malformed Pulse item PAIR#p1 \/ PULSE#.*value/);
  });

  const sam: PartnerRecord = {
    pairId: 'p1',
    partnerId: 'sam',
    name: 'Sam',
    phone: '+15555550101',
    timezone: 'Europe/Paris',
    channel: 'sms',
    consent: 'confirmed',
    consentLog: [{ at: '2026-01-05T20:00:00.000Z', status: 'confirmed', source: 'plan' }],
    profileHash: 'h',
  };

  it('writes a partner with its phone index keys (no email keys without an email) and reads it back as it was', () => {
    const item = partnerItem(sam);
    expect(item).toMatchObject({ PK: 'PAIR#p1', SK: 'PARTNER#sam', entity: 'Partner', GSI2PK: 'PHONE#+15555550101' });
    expect(item).not.toHaveProperty('GSI3PK');
    expect(parseItem('Partner', partnerItemSchema, item)).toEqual(sam);
  });

  it('reads a profile field once stored as null (older profile rewrites) as absent', () => {
    const item = { ...partnerItem(sam), email: null, quietHours: null };
    expect(parseItem('Partner', partnerItemSchema, item)).toEqual(sam);
  });

  it('refuses a partner item with a channel it does not know, naming the field', () => {
    const item = { ...partnerItem(sam), channel: 'fax' };
    expect(() => parseItem('Partner', partnerItemSchema, item)).toThrow(
      /Malformed Partner item PAIR#p1 \/ PARTNER#sam: channel/,
    );
  });
});

import { describe, expect, it } from 'vitest';
import { parseItem } from '../../shared/store/entities/parse-item.ts';
import { partnerItem, partnerItemSchema } from '../../shared/store/entities/partner.ts';
import { pulseItem, pulseItemSchema } from '../../shared/store/entities/pulse.ts';
import { scheduleItem, scheduleItemSchema } from '../../shared/store/entities/schedule.ts';
import type { ScheduleState } from '../../shared/model/schedule.ts';
import { checkInItemSchema, checkInOccurrenceKey } from '../../shared/store/entities/checkin.ts';
import { conversationItem, conversationItemSchema } from '../../shared/store/entities/conversation.ts';
import { definitionItem, definitionItemSchema, pairItem, pairItemSchema } from '../../shared/store/entities/pair.ts';
import type { PartnerRecord } from '../../shared/model/partner-state.ts';

const at = Date.UTC(2026, 0, 5, 20, 0);

describe('typed store items', () => {
  it('reads a written pulse item back as the domain object, without keys or entity tag', () => {
    const item = { ...pulseItem('p1', 'alex', at, at, false), value: 7 };
    expect(parseItem('Pulse', pulseItemSchema, item)).toEqual({
      pairId: 'p1',
      partnerId: 'alex',
      occurrenceAt: '2026-01-05T20:00:00.000Z',
      askedAt: '2026-01-05T20:00:00.000Z',
      value: 7,
    });
  });

  it('refuses a malformed item, naming the entity, its key and the bad field', () => {
    const item = { ...pulseItem('p1', 'alex', at, at, false), value: 'seven' };
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

  const walk: ScheduleState = {
    scheduleId: 'ritual-reminder:night-walk:alex',
    kind: 'ritual-reminder',
    recipientId: 'alex',
    members: [{ ref: 'ritual:night-walk', title: 'night walk', rule: 'FREQ=DAILY' }],
    at: '21:00',
    ruleZone: 'Europe/Paris',
    offsetMinutes: -30,
    recipientZone: 'Europe/Paris',
    text: { remindBefore: '30' },
    active: true,
    pairId: 'p1',
    specHash: 'h',
    occurrenceAt: at,
    fireAt: at - 30 * 60_000,
  };

  it('writes an active schedule with its due-index keys and instants as ISO strings, and reads it back as it was', () => {
    const item = scheduleItem(8, walk);
    expect(item).toMatchObject({
      entity: 'Schedule',
      fireAt: '2026-01-05T19:30:00.000Z',
      GSI1PK: expect.stringMatching(/^DUE#/),
    });
    expect(parseItem('Schedule', scheduleItemSchema, item)).toEqual(walk);
  });

  it('writes a finished or inactive schedule without due-index keys', () => {
    const done = { ...walk, occurrenceAt: null, fireAt: null };
    expect(scheduleItem(8, done)).not.toHaveProperty('GSI1PK');
    expect(parseItem('Schedule', scheduleItemSchema, scheduleItem(8, done))).toEqual(done);
    expect(scheduleItem(8, { ...walk, active: false })).not.toHaveProperty('GSI1SK');
  });

  it('reads a check-in answered without words (note and undo record stored as null) with them absent, its sort key as checkInKey', () => {
    const item = {
      ...checkInOccurrenceKey('p1', at, 'commitment:call'),
      entity: 'CheckIn',
      pairId: 'p1',
      ref: 'commitment:call',
      title: 'call',
      ownerId: 'sam',
      occurrenceAt: '2026-01-05T20:00:00.000Z',
      status: 'kept',
      promptedAt: { sam: '2026-01-05T20:00:00.000Z' },
      answers: { sam: 'kept' },
      answeredAt: '2026-01-05T20:05:00.000Z',
      answeredBy: 'sam',
      note: null,
      undoTo: null,
    };
    const checkIn = parseItem('CheckIn', checkInItemSchema, item);
    expect(checkIn).toMatchObject({ checkInKey: 'CHK#2026-01-05T20:00:00Z#commitment:call', status: 'kept' });
    expect(checkIn.note).toBeUndefined();
    expect(checkIn.undoTo).toBeUndefined();
    expect(() => parseItem('CheckIn', checkInItemSchema, { ...item, answers: { sam: 'yes' } })).toThrow(
      /Malformed CheckIn item PAIR#p1 \/ CHK#.*answers\.sam/,
    );
  });

  it('reads a written conversation back with its sort key as conversationKey', () => {
    const item = conversationItem('p1', at, 3, 'What made you laugh?', undefined);
    expect(parseItem('Conversation', conversationItemSchema, item)).toEqual({
      pairId: 'p1',
      conversationKey: 'CONV#2026-01-05T20:00:00Z',
      occurrenceAt: '2026-01-05T20:00:00.000Z',
      closesAt: '2026-01-07T20:00:00.000Z',
      sequence: 3,
      prompt: 'What made you laugh?',
      answers: {},
    });
  });

  it('reads a pair whose plan had no summary settings (stored as null) without them, and a definition as applied', () => {
    const item = pairItem('p1', {
      name: 'Sam & Alex',
      share: 'kept-only',
      summary: null,
      hash: 'h',
      partnerIds: ['sam'],
    });
    expect(parseItem('Pair', pairItemSchema, item)).toEqual({
      pairId: 'p1',
      name: 'Sam & Alex',
      share: 'kept-only',
      hash: 'h',
      partnerIds: ['sam'],
    });
    const definition = { type: 'commitment' as const, id: 'call', hash: 'd', data: { id: 'call', owner: 'sam' } };
    expect(parseItem('Definition', definitionItemSchema, definitionItem('p1', definition))).toEqual(definition);
    expect(() => parseItem('Pair', pairItemSchema, { ...item, share: 'everything' })).toThrow(
      /Malformed Pair item PAIR#p1 \/ PAIR: share/,
    );
  });
});

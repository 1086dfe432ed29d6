import { describe, expect, it } from 'vitest';
import { parseItem } from '../../shared/store/entities/parse-item.ts';
import { pulseItem, pulseItemSchema } from '../../shared/store/entities/pulse.ts';

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
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { planJsonSchema } from '../../shared/model/plan-json-schema.ts';

describe('the shipped JSON Schema', () => {
  it("is up to date with the loader's schema (run `npm run schema` after changing the plan format)", () => {
    const shipped = JSON.parse(readFileSync(new URL('../../schema/plan.schema.json', import.meta.url), 'utf8'));
    expect(shipped).toEqual(planJsonSchema());
  });

  it('describes the format: required sections, no unknown fields, and the enumerations', () => {
    const schema = planJsonSchema() as any;
    expect(schema.required).toEqual(expect.arrayContaining(['pair', 'partners']));
    expect(schema.additionalProperties).toBe(false);
    const partner = schema.properties.partners.items;
    expect(partner.additionalProperties).toBe(false);
    expect(partner.properties.channel.enum).toEqual(['sms', 'email', 'both']);
    expect(partner.properties.phone.pattern).toBe('^\\+[1-9]\\d{6,14}$');
  });
});

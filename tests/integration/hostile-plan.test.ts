import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePlanText, validatePlan } from '../../shared/model/validate-plan.ts';
import { HOSTILE_INPUTS, HOSTILE_STRINGS, LONE_SURROGATES } from '../helpers/hostile-corpus.ts';
import { examplePlan } from '../helpers/plans.ts';

const STRINGS = [...HOSTILE_STRINGS, ...LONE_SURROGATES];
const INPUTS = HOSTILE_INPUTS;

describe('the plan loader against hostile input', () => {
  const fields: Array<[string, (plan: any, value: unknown) => void]> = [
    ['pair.id', (p, v) => (p.pair.id = v)],
    ['pair.name', (p, v) => (p.pair.name = v)],
    ['partners[0].name', (p, v) => (p.partners[0].name = v)],
    ['partners[0].phone', (p, v) => (p.partners[0].phone = v)],
    ['partners[0].email', (p, v) => (p.partners[0].email = v)],
    ['partners[0].timezone', (p, v) => (p.partners[0].timezone = v)],
    ['commitments[0].title', (p, v) => (p.commitments[0].title = v)],
    ['commitments[0].id', (p, v) => (p.commitments[0].id = v)],
    ['affirmations[0].text', (p, v) => (p.affirmations[0].text = v)],
    ['rituals[0].at', (p, v) => (p.rituals[0].at = v)],
  ];

  it('every hostile string in every field: refused with its path, or accepted as plain text, never a throw', () => {
    for (const [path, set] of fields) {
      for (const value of STRINGS) {
        const plan = examplePlan();
        set(plan, value);
        const result = validatePlan(plan);
        if (!result.ok)
          expect(
            result.problems.some((p) => p.startsWith(path)),
            `${path} = ${JSON.stringify(value).slice(0, 40)}`,
          ).toBe(true);
      }
    }
  });

  it('refuses RRULEs that would expand for ever or are not RRULEs, quickly', () => {
    for (const rule of INPUTS.rrules!) {
      const plan = examplePlan();
      plan.rituals![0]!.repeat = rule;
      const started = Date.now();
      const result = validatePlan(plan);
      expect(Date.now() - started, rule).toBeLessThan(2000);
      if (rule !== 'FREQ=DAILY;UNTIL=99991231T000000Z') expect(result.ok, rule).toBe(false);
    }
  });

  it('refuses bad zones and dates (year 9999 included) by path', () => {
    for (const zone of INPUTS.zones!) {
      const plan = examplePlan();
      plan.partners[1]!.timezone = zone;
      const result = validatePlan(plan);
      expect(result.ok, zone).toBe(false);
    }
    for (const date of INPUTS.dates!) {
      const plan = examplePlan();
      plan.commitments![0]!.start = date;
      const result = validatePlan(plan);
      expect(result.ok, date).toBe(false);
      if (!result.ok) expect(result.problems[0]).toMatch(/^commitments\[0\]\.start: /);
    }
  });

  it('reads malformed JSON, deep nesting and a megabyte as clear refusals', () => {
    for (const text of INPUTS.malformedJson!) {
      const result = parsePlanText('plan.json', text);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.problems[0]).toMatch(/^plan\.json: (line \d+, column \d+: )?invalid JSON/);
    }
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(parsePlanText('deep.json', deep).ok).toBe(false);
    const huge = JSON.stringify({ ...examplePlan(), pair: { id: 'x', name: 'y'.repeat(1_000_000) } });
    const result = parsePlanText('huge.json', huge);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems).toEqual(['pair.name: name must be at most 80 characters']);
  });

  it('property: any JSON value is either a valid plan or a list of problems, each naming a path', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue({ maxDepth: 4 }),
          fc.record({ pair: fc.jsonValue(), partners: fc.array(fc.jsonValue(), { maxLength: 3 }) }),
        ),
        (value) => {
          const result = validatePlan(value);
          return (
            result.ok ||
            (result.problems.length > 0 &&
              result.problems.every((p) => /^(\(plan\)|(\[".*?"\]|[\w$]+)(\[\d+\]|\.[\w$]+|\[".*?"\])*): .+/s.test(p)))
          );
        },
      ),
      { numRuns: 500, seed: 11 },
    );
  });
});

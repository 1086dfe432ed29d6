import { describe, expect, it } from 'vitest';
import { validatePlan } from '../../shared/model/validate-plan.ts';
import { practicesFromDefinitions } from '../../shared/practices/practices-plan.ts';
import { examplePlan } from '../helpers/plans.ts';

const drLee = { id: 'dr-lee', name: 'Dr. Lee', email: 'lee@example.org' };
const withSupporters = (supporters: unknown[]) => ({ ...examplePlan(), supporters });
const problemsOf = (input: unknown) => {
  const result = validatePlan(input);
  return result.ok ? [] : result.problems;
};

describe('the supporters plan field', () => {
  it('accepts a supporter, pending until everyone agrees', () => {
    const result = validatePlan(withSupporters([drLee]));
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.plan.supporters).toEqual([{ ...drLee, consent: 'pending' }]);
  });

  it('names the field path of each mistake', () => {
    expect(problemsOf(withSupporters([{ ...drLee, email: 'not-an-address' }]))).toContain(
      'supporters[0].email: email is not a valid address',
    );
    expect(problemsOf(withSupporters([{ id: 'dr-lee', name: 'Dr. Lee' }]))).toContain(
      'supporters[0].email: is required',
    );
    expect(problemsOf(withSupporters([{ ...drLee, phone: '+15555550199' }]))).toContain(
      'supporters[0].phone: unknown field (check the spelling)',
    );
    expect(problemsOf(withSupporters([{ ...drLee, consent: 'yes' }]))).toContain(
      'supporters[0].consent: consent must be "pending" or "confirmed"',
    );
  });

  it('refuses a duplicate id and a partner standing as their own supporter', () => {
    expect(problemsOf(withSupporters([drLee, { ...drLee, email: 'other@example.org' }]))).toEqual([
      'supporters[1].id: duplicate id "dr-lee" (also supporters[0])',
    ]);
    expect(problemsOf(withSupporters([{ ...drLee, email: 'SAM@example.com' }]))).toEqual([
      "supporters[0].email: a supporter is someone outside the couple, not a partner's own address",
    ]);
    // The same mailbox under a +tag is still the partner's own.
    expect(problemsOf(withSupporters([{ ...drLee, email: 'Sam+kept@Example.com' }]))).toEqual([
      "supporters[0].email: a supporter is someone outside the couple, not a partner's own address",
    ]);
    expect(problemsOf(withSupporters([{ ...drLee, email: 'sammy+kept@example.com' }]))).toEqual([]);
  });

  it('comes back from the stored definitions as the plan file wrote it', () => {
    const stored = [{ ...drLee, consent: 'confirmed' }];
    const of = (type: string) => (type === 'supporter' ? stored : []);
    expect(practicesFromDefinitions(of).supporters).toEqual(stored);
    expect(practicesFromDefinitions(() => []).supporters).toBeUndefined();
  });
});

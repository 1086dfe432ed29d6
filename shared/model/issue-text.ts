import type { z } from 'zod';

const KIND_NAMES: Record<string, string> = {
  string: 'text in quotes',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list [...]',
  object: 'an object {...}',
};

const described = (value: unknown): string => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}...` : value}"`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value === 'object' ? 'an object' : typeof value;
};

const plural = (n: number | bigint, word: string) => `${n} ${word}${Number(n) === 1 ? '' : 's'}`;

/**
 * The sentence for one schema problem. A message written for the field is kept; zod's own
 * defaults ("Too small: expected number to be >=0") are rewritten for people, with the value
 * that was given.
 */
export function issueText(issue: z.core.$ZodIssue): string {
  const got = 'input' in issue && issue.input !== undefined ? ` (got ${described(issue.input)})` : '';
  switch (issue.code) {
    case 'too_small':
    case 'too_big': {
      if (!/^Too (small|big):/.test(issue.message)) return issue.message;
      const small = issue.code === 'too_small';
      const limit = small ? issue.minimum : issue.maximum;
      const inclusive = issue.inclusive !== false;
      if (issue.origin === 'string')
        return small && Number(limit) === 1
          ? 'must not be empty'
          : `must be ${small ? 'at least' : 'at most'} ${plural(limit, 'character')} long${got}`;
      if (issue.origin === 'array') return `must have ${small ? 'at least' : 'at most'} ${plural(limit, 'item')}`;
      const bound = inclusive ? (small ? 'at least' : 'at most') : small ? 'more than' : 'less than';
      return `must be ${bound} ${limit}${got}`;
    }
    case 'invalid_type':
      if (!issue.message.startsWith('Invalid input:')) return issue.message;
      return `must be ${KIND_NAMES[issue.expected] ?? issue.expected}${got}`;
    case 'invalid_value':
      if (!issue.message.startsWith('Invalid option:')) return issue.message;
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}${got}`;
    default:
      return issue.message;
  }
}

import * as z from 'zod';
import { PlanSchema } from './plan.ts';

/** The plan file's JSON Schema, generated from the same zod schema the loader uses. */
export function planJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(PlanSchema, { io: 'input', unrepresentable: 'any' }),
    $id: 'https://kept.example/schema/plan.schema.json',
    title: 'Kept plan file',
    description:
      "A couple's partners, commitments, rituals and affirmations. Validate with `kept apply`; rules the schema cannot express (references, RRULE syntax, time zones) are checked there.",
  };
}

import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { planJsonSchema } from '../shared/model/plan-json-schema.ts';

/** `npm run schema`: regenerates schema/plan.schema.json from the zod schema. */
const target = fileURLToPath(new URL('../schema/plan.schema.json', import.meta.url));
writeFileSync(target, `${JSON.stringify(planJsonSchema(), null, 2)}\n`);
process.stdout.write(`wrote ${target}\n`);

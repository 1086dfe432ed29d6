import { readFileSync } from 'node:fs';
import { simulate } from '../local/simulate.ts';
import { parsePlanText } from '../shared/model/validate-plan.ts';
import type { Store } from '../shared/store/store.ts';
const v = parsePlanText('plan', readFileSync('examples/plan.json', 'utf8'));
if (!v.ok) throw new Error('bad');
const from = Date.parse('2026-11-23T05:00:00Z'),
  until = from + Number(process.argv[2] ?? 28) * 86400000;
let store: Store | undefined;
const lines = await simulate(v.plan, {
  from,
  until,
  onStore: (s) => {
    store = s;
  },
});
console.log(lines.length, store!.requests.total, Object.fromEntries(store!.requests.byCommand));
const kinds: Record<string, number> = {};
for (const l of lines) kinds[l.kind] = (kinds[l.kind] ?? 0) + 1;
console.log(kinds);
